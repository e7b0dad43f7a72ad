package dev.wsengine.tck.conformance;

import java.util.ArrayList;
import java.util.List;

/** RFC 6455 section 5.4: fragmented messages, control frames between fragments, broken sequences. */
final class FragmentationCases {

    private FragmentationCases() {
    }

    static List<ConformanceCase> all() {
        List<ConformanceCase> cases = new ArrayList<>();
        byte[] a = WireFrame.utf8("fragment-one ");
        byte[] b = WireFrame.utf8("fragment-two ");
        byte[] c = WireFrame.utf8("fragment-three");
        byte[] whole = Cases.concat(a, b, c);
        byte[] pingData = WireFrame.utf8("between");
        cases.add(Cases.echo("fragmentation.echoes-text-in-three-fragments", "text in three frames comes back as one message",
                Cases.frames(WireFrame.text(a).fin(false), WireFrame.continuation(b).fin(false), WireFrame.continuation(c)),
                Received.text(whole)));
        cases.add(Cases.echo("fragmentation.echoes-binary-in-two-fragments", "binary in two frames comes back as one message",
                Cases.frames(WireFrame.binary(Cases.binary(300)).fin(false), WireFrame.continuation(Cases.binary(200))),
                Received.binary(Cases.concat(Cases.binary(300), Cases.binary(200)))));
        cases.add(Cases.echo("fragmentation.echoes-message-of-empty-fragments", "an empty text message in three empty frames is echoed empty",
                Cases.frames(WireFrame.text(new byte[0]).fin(false), WireFrame.continuation(new byte[0]).fin(false),
                        WireFrame.continuation(new byte[0])), Received.text(new byte[0])));
        cases.add(Cases.echo("fragmentation.answers-ping-between-fragments-first",
                "a ping between two fragments is answered at once, the message after its last fragment",
                Cases.frames(WireFrame.text(a).fin(false), WireFrame.ping(pingData), WireFrame.continuation(b)),
                Received.pong(pingData), Received.text(Cases.concat(a, b))));
        cases.add(new ConformanceCase("fragmentation.answers-ping-before-message-is-finished",
                "the pong for a ping between fragments arrives before the last fragment is sent", probe -> {
                    probe.open();
                    probe.send(WireFrame.text(a).fin(false), WireFrame.ping(pingData));
                    Verdict pong = probe.expect(Expectation.sofar(Received.pong(pingData)));
                    if (pong.grade() != Grade.OK) {
                        return pong.withGrade(Grade.FAILED, "no pong while the message was unfinished");
                    }
                    probe.send(WireFrame.continuation(b));
                    return probe.expect(Expectation.echo(Received.pong(pingData), Received.text(Cases.concat(a, b))));
                }));
        cases.add(Cases.echo("fragmentation.ignores-pong-between-fragments", "an unsolicited pong between fragments is ignored",
                Cases.frames(WireFrame.text(a).fin(false), WireFrame.pong(pingData), WireFrame.continuation(b)),
                Received.text(Cases.concat(a, b))));
        cases.add(Cases.echo("fragmentation.answers-pings-between-every-fragment",
                "pings between each of three fragments: three pongs in order, then the message",
                Cases.frames(WireFrame.ping(WireFrame.utf8("p0")), WireFrame.text(a).fin(false), WireFrame.ping(WireFrame.utf8("p1")),
                        WireFrame.continuation(b).fin(false), WireFrame.ping(WireFrame.utf8("p2")), WireFrame.continuation(c)),
                Received.pong(WireFrame.utf8("p0")), Received.pong(WireFrame.utf8("p1")), Received.pong(WireFrame.utf8("p2")),
                Received.text(whole)));
        cases.add(new ConformanceCase("fragmentation.echoes-message-of-10000-small-frames",
                "a text message of 10,000 frames of 10 bytes comes back whole", probe -> {
                    probe.open();
                    byte[] all = Cases.ascii(100_000);
                    WireFrame[] frames = new WireFrame[10_000];
                    for (int i = 0; i < frames.length; i++) {
                        byte[] part = Cases.slice(all, i * 10, i * 10 + 10);
                        frames[i] = new WireFrame(i == frames.length - 1, 0, i == 0 ? Opcode.TEXT : Opcode.CONTINUATION, part);
                    }
                    probe.send(frames);
                    return probe.expect(Expectation.echo(Received.text(all)), probe.settings().largeReply());
                }));
        cases.add(Cases.fails("fragmentation.fails-continuation-without-start-with-1002",
                "a final continuation frame with no message started fails the connection with 1002",
                Expectation.fail(1002), WireFrame.continuation(a)));
        cases.add(Cases.fails("fragmentation.fails-unfinished-continuation-without-start-with-1002",
                "a non-final continuation frame with no message started fails the connection with 1002",
                Expectation.fail(1002), WireFrame.continuation(a).fin(false), WireFrame.continuation(b)));
        cases.add(Cases.fails("fragmentation.fails-continuation-after-finished-message-with-1002",
                "a message is echoed, then a continuation frame fails the connection with 1002",
                Expectation.fail(1002, Received.text(a)), WireFrame.text(a), WireFrame.continuation(b)));
        cases.add(Cases.fails("fragmentation.fails-new-text-inside-message-with-1002",
                "a text frame where a continuation is due fails the connection with 1002",
                Expectation.fail(1002), WireFrame.text(a).fin(false), WireFrame.text(b)));
        cases.add(Cases.fails("fragmentation.fails-new-binary-inside-text-with-1002",
                "a binary frame inside an unfinished text message fails the connection with 1002",
                Expectation.fail(1002), WireFrame.text(a).fin(false), WireFrame.binary(b).fin(false), WireFrame.continuation(c)));
        cases.add(new ConformanceCase("fragmentation.closes-inside-unfinished-message",
                "a Close 1000 after the first fragment is echoed; the unfinished message is dropped", probe -> {
                    probe.open();
                    probe.send(WireFrame.text(a).fin(false), WireFrame.close(1000, ""));
                    return probe.expect(Expectation.closeEcho(1000));
                }));
        return cases;
    }
}
