package dev.wsengine.tck.conformance;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GraderTest {

    private static Observation closed(int code, boolean inTime, Received... items) {
        Observation o = new Observation();
        o.items.addAll(java.util.List.of(items));
        o.closeSeen = true;
        o.closeCode = code;
        o.clientCloseSent = true;
        o.tcpClosed = inTime;
        o.tcpClosedInTime = inTime;
        return o;
    }

    @Test
    void echoesAndANormalCloseAreOkAndClean() {
        Verdict v = Grader.grade(Expectation.echo(Received.text("a")), closed(1000, true, Received.text("a")));
        assertEquals(Grade.OK, v.grade());
        assertEquals(CloseGrade.CLEAN, v.close());
        assertEquals("OK", v.outcome());
    }

    @Test
    void aMissingWrongOrExtraReplyFails() {
        assertEquals(Grade.FAILED, Grader.grade(Expectation.echo(Received.text("a")), closed(1000, true)).grade());
        assertEquals(Grade.FAILED, Grader.grade(Expectation.echo(Received.text("a")), closed(1000, true, Received.text("b"))).grade());
        Verdict extra = Grader.grade(Expectation.echo(), closed(1000, true, Received.pong(new byte[0])));
        assertEquals(Grade.FAILED, extra.grade());
        assertTrue(extra.detail().contains("unexpected pong"), extra.detail());
    }

    @Test
    void gradesTheCodeOfAFailedConnection() {
        Expectation utf8 = Expectation.fail(1007).tolerating(1002);
        assertEquals(Grade.OK, Grader.grade(utf8, closed(1007, true)).grade());
        assertEquals(Grade.NON_STRICT, Grader.grade(utf8, closed(1002, true)).grade());
        assertEquals(Grade.FAILED, Grader.grade(utf8, closed(1000, true)).grade());
    }

    @Test
    void aConnectionThatIsNotFailedFails() {
        Observation open = new Observation();
        open.timedOut = true;
        Verdict v = Grader.grade(Expectation.fail(1002), open);
        assertEquals(Grade.FAILED, v.grade());
        assertEquals("FAILED+UNCLEAN", v.outcome());
    }

    @Test
    void droppingTcpWithoutACloseFrameIsNonStrictAndUnclean() {
        Observation dropped = new Observation();
        dropped.tcpClosed = true;
        Verdict v = Grader.grade(Expectation.fail(1002), dropped);
        assertEquals("NON-STRICT+UNCLEAN", v.outcome());
    }

    @Test
    void tcpLeftOpenAfterTheCloseHandshakeIsUnclean() {
        Verdict v = Grader.grade(Expectation.fail(1002), closed(1002, false));
        assertEquals(Grade.OK, v.grade());
        assertEquals(CloseGrade.UNCLEAN, v.close());
        assertTrue(v.detail().contains("left TCP open"), v.detail());
    }

    @Test
    void anEchoedCloseMustCarryTheSameCode() {
        assertEquals(Grade.OK, Grader.grade(Expectation.closeEcho(4000), closed(4000, true)).grade());
        assertEquals(Grade.NON_STRICT, Grader.grade(Expectation.closeEcho(4000), closed(1000, true)).grade());
        assertEquals(Grade.FAILED, Grader.grade(Expectation.closeEcho(4000), closed(1011, true)).grade());
        assertEquals(Grade.OK, Grader.grade(Expectation.closeEcho(-1), closed(1000, true)).grade());
    }

    @Test
    void aServerProtocolViolationFailsWhateverElseHappened() {
        Observation o = closed(1000, true, Received.text("a"));
        o.violations.add("server sent a masked text frame");
        assertEquals(Grade.FAILED, Grader.grade(Expectation.echo(Received.text("a")), o).grade());
    }
}
