package dev.wsengine.tck.conformance;

import java.util.ArrayList;
import java.util.List;

/** RFC 6455 sections 5.5.2 and 5.5.3: ping and pong, their limits. */
final class ControlFrameCases {

    private ControlFrameCases() {
    }

    static List<ConformanceCase> all() {
        List<ConformanceCase> cases = new ArrayList<>();
        byte[] empty = new byte[0];
        byte[] text = WireFrame.utf8("Hello, pong!");
        byte[] binary = Cases.binary(125);
        cases.add(Cases.echo("ping.answers-empty-ping-with-empty-pong", "a ping without payload gets a pong without payload",
                Cases.frames(WireFrame.ping(empty)), Received.pong(empty)));
        cases.add(Cases.echo("ping.answers-text-ping-with-same-payload", "a ping with a short text payload gets a pong with it",
                Cases.frames(WireFrame.ping(text)), Received.pong(text)));
        cases.add(Cases.echo("ping.answers-125-byte-binary-ping-with-same-payload", "a ping of 125 bytes (every byte value) gets a pong with them",
                Cases.frames(WireFrame.ping(binary)), Received.pong(binary)));
        cases.add(new ConformanceCase("ping.answers-ping-written-one-byte-at-a-time",
                "a 125-byte ping written one byte per write gets its pong", probe -> {
                    probe.open();
                    probe.sendInChunks(FrameEncoder.masked(WireFrame.ping(binary)), 1);
                    return probe.expect(Expectation.echo(Received.pong(binary)));
                }));
        cases.add(Cases.fails("ping.fails-126-byte-ping-with-1002", "a ping of 126 bytes fails the connection with 1002",
                Expectation.fail(1002), WireFrame.ping(Cases.binary(126))));
        cases.add(Cases.fails("ping.fails-126-byte-pong-with-1002", "a pong of 126 bytes fails the connection with 1002",
                Expectation.fail(1002), WireFrame.pong(Cases.binary(126))));
        cases.add(Cases.fails("ping.fails-fragmented-ping-with-1002", "a ping without FIN, then its continuation, fails the connection with 1002",
                Expectation.fail(1002), WireFrame.ping(text).fin(false), WireFrame.continuation(text)));
        cases.add(Cases.fails("ping.fails-fragmented-pong-with-1002", "a pong without FIN fails the connection with 1002",
                Expectation.fail(1002), WireFrame.pong(text).fin(false), WireFrame.continuation(text)));
        cases.add(Cases.fails("ping.fails-fragmented-close-with-1002", "a Close without FIN fails the connection with 1002",
                Expectation.fail(1002), WireFrame.close(1000, "").fin(false), WireFrame.continuation(new byte[0])));
        cases.add(Cases.echo("ping.ignores-unsolicited-pong", "an unsolicited pong gets no answer (the next ping's pong comes first)",
                Cases.frames(WireFrame.pong(text), WireFrame.ping(WireFrame.utf8("after"))), Received.pong(WireFrame.utf8("after"))));
        cases.add(Cases.echo("ping.ignores-unsolicited-empty-pong", "an empty unsolicited pong gets no answer",
                Cases.frames(WireFrame.pong(empty), WireFrame.text("after")), Received.text("after")));
        WireFrame[] pings = new WireFrame[10];
        Received[] pongs = new Received[10];
        for (int i = 0; i < 10; i++) {
            pings[i] = WireFrame.ping(WireFrame.utf8("ping " + i));
            pongs[i] = Received.pong(WireFrame.utf8("ping " + i));
        }
        cases.add(Cases.echo("ping.answers-ten-pings-in-order", "ten pings in one write get ten pongs in order", pings, pongs));
        cases.add(Cases.echo("ping.answers-ping-between-messages-in-order", "text, ping, binary: echo, pong, echo in that order",
                Cases.frames(WireFrame.text("one"), WireFrame.ping(text), WireFrame.binary(binary)),
                Received.text("one"), Received.pong(text), Received.binary(binary)));
        return cases;
    }
}
