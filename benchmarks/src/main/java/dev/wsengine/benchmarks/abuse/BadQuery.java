package dev.wsengine.benchmarks.abuse;

import dev.wsengine.benchmarks.client.Handshake;

/** Attack 6: an upgrade request whose query has a malformed escape ({@code %zz}) or one that is not UTF-8 ({@code %FF}). */
final class BadQuery {

    private BadQuery() {
    }

    static String run(Target target) {
        return Target.join(ask(target, "%zz"), ask(target, "%FF"));
    }

    private static String ask(Target target, String escape) {
        String path = Target.PATH + "?q=" + escape;
        long start = System.nanoTime();
        try (Peer peer = Peer.connect(target.address(), 0)) {
            peer.writeFully(new Handshake("127.0.0.1:" + target.address().getPort(), path).request().duplicate(), 5_000);
            String status = Peer.firstLine(peer.readHead(5_000));
            return String.format("`%s`: %s (%.0f ms)", escape, status.replace("HTTP/1.1 ", ""), (System.nanoTime() - start) / 1e6);
        } catch (Exception e) {
            return "`" + escape + "`: " + e.getMessage();
        }
    }
}
