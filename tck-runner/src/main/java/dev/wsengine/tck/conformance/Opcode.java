package dev.wsengine.tck.conformance;

/** RFC 6455 section 5.2 opcodes, as plain ints so that reserved ones can be put on the wire too. */
public final class Opcode {

    public static final int CONTINUATION = 0x0;
    public static final int TEXT = 0x1;
    public static final int BINARY = 0x2;
    public static final int CLOSE = 0x8;
    public static final int PING = 0x9;
    public static final int PONG = 0xA;

    private Opcode() {
    }

    public static boolean isControl(int opcode) {
        return (opcode & 0x8) != 0;
    }

    public static boolean isReserved(int opcode) {
        return (opcode >= 0x3 && opcode <= 0x7) || opcode >= 0xB;
    }

    public static String name(int opcode) {
        return switch (opcode) {
            case CONTINUATION -> "continuation";
            case TEXT -> "text";
            case BINARY -> "binary";
            case CLOSE -> "close";
            case PING -> "ping";
            case PONG -> "pong";
            default -> "reserved-" + opcode;
        };
    }
}
