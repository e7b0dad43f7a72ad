package dev.wsengine.tck.conformance;

import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.util.List;

/** Grades what came back on a connection against what the case expected. */
public final class Grader {

    private Grader() {
    }

    public static Verdict grade(Expectation expected, Observation seen) {
        CloseGrade close = closeGrade(seen);
        String closeNote = closeNote(seen);
        if (!seen.violations.isEmpty()) {
            return new Verdict(Grade.FAILED, close, "server broke the protocol: " + String.join("; ", seen.violations) + closeNote);
        }
        String items = compareItems(expected.items(), seen.items);
        if (items != null) {
            return new Verdict(Grade.FAILED, close, items + closeNote);
        }
        return switch (expected.end()) {
            case NORMAL -> normal(seen, close, closeNote);
            case CLIENT_CLOSED -> echoed(expected.echoCode(), seen, close, closeNote);
            case FAIL -> failed(expected, seen, close, closeNote);
            case OPEN -> seen.closeSeen || seen.tcpClosed
                    ? new Verdict(Grade.FAILED, close, "connection ended early: " + seen)
                    : new Verdict(Grade.OK, CloseGrade.NONE, "");
        };
    }

    private static Verdict normal(Observation seen, CloseGrade close, String note) {
        if (!seen.closeSeen) {
            return new Verdict(Grade.FAILED, close, "no Close in reply to the client's Close 1000" + note);
        }
        if (seen.closeCode != 1000 && seen.closeCode != -1) {
            return new Verdict(Grade.FAILED, close, "server closed with " + seen.closeCode + ", expected 1000" + note);
        }
        return new Verdict(Grade.OK, close, note.isEmpty() ? "" : note.substring(2));
    }

    private static Verdict echoed(int sent, Observation seen, CloseGrade close, String note) {
        if (!seen.closeSeen) {
            return new Verdict(Grade.FAILED, close, "no Close in reply to the client's Close " + codeText(sent) + note);
        }
        String reasonProblem = reasonProblem(seen);
        if (reasonProblem != null) {
            return new Verdict(Grade.FAILED, close, reasonProblem + note);
        }
        if (seen.closeCode == sent || (sent == -1 && seen.closeCode == 1000)) {
            return new Verdict(Grade.OK, close, note.isEmpty() ? "" : note.substring(2));
        }
        if (seen.closeCode == 1000 || seen.closeCode == -1) {
            return new Verdict(Grade.NON_STRICT, close, "answered the client's Close " + codeText(sent) + " with "
                    + codeText(seen.closeCode) + " instead of echoing it" + note);
        }
        return new Verdict(Grade.FAILED, close, "answered the client's Close " + codeText(sent) + " with " + codeText(seen.closeCode) + note);
    }

    private static Verdict failed(Expectation expected, Observation seen, CloseGrade close, String note) {
        if (!seen.closeSeen) {
            if (seen.tcpClosed) {
                return new Verdict(Grade.NON_STRICT, close, "closed TCP without a Close frame, expected Close "
                        + expected.okCodes() + note);
            }
            return new Verdict(Grade.FAILED, close, "did not fail the connection (expected Close " + expected.okCodes()
                    + (seen.timedOut ? ", nothing within the time limit" : "") + ")" + note);
        }
        if (expected.okCodes().contains(seen.closeCode)) {
            return new Verdict(Grade.OK, close, note.isEmpty() ? "" : note.substring(2));
        }
        if (expected.nonStrictCodes().contains(seen.closeCode)) {
            return new Verdict(Grade.NON_STRICT, close, "failed with " + codeText(seen.closeCode) + ", expected "
                    + expected.okCodes() + note);
        }
        return new Verdict(Grade.FAILED, close, "closed with " + codeText(seen.closeCode) + ", expected "
                + expected.okCodes() + note);
    }

    static CloseGrade closeGrade(Observation seen) {
        return seen.closeSeen && seen.clientCloseSent && seen.tcpClosedInTime ? CloseGrade.CLEAN : CloseGrade.UNCLEAN;
    }

    private static String closeNote(Observation seen) {
        if (closeGrade(seen) == CloseGrade.CLEAN) {
            return "";
        }
        if (!seen.closeSeen) {
            return "; unclean: no Close frame from the server";
        }
        if (!seen.tcpClosed) {
            return "; unclean: server left TCP open past the bound after the Close handshake";
        }
        return "; unclean: server closed TCP late";
    }

    /** Null when the items match, else what differs. */
    static String compareItems(List<Received> expected, List<Received> seen) {
        for (int i = 0; i < Math.max(expected.size(), seen.size()); i++) {
            if (i >= seen.size()) {
                return "missing " + expected.get(i) + " (got " + seen.size() + " of " + expected.size() + " replies)";
            }
            if (i >= expected.size()) {
                return "unexpected " + seen.get(i) + " after the " + expected.size() + " expected replies";
            }
            if (!expected.get(i).equals(seen.get(i))) {
                return "reply " + (i + 1) + " is " + seen.get(i) + ", expected " + expected.get(i);
            }
        }
        return null;
    }

    private static String reasonProblem(Observation seen) {
        if (seen.closeReason.length > 123) {
            return "Close reason of " + seen.closeReason.length + " bytes (at most 123)";
        }
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(seen.closeReason));
            return null;
        } catch (CharacterCodingException e) {
            return "Close reason is not UTF-8";
        }
    }

    static String codeText(int code) {
        return code < 0 ? "(no code)" : Integer.toString(code);
    }
}
