package dev.wsengine.tck.conformance;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** A whole message or a pong as the client saw it (compressed messages already inflated). */
public record Received(Kind kind, byte[] payload) {

    public enum Kind { TEXT, BINARY, PONG, PING }

    public static Received text(String text) {
        return new Received(Kind.TEXT, text.getBytes(StandardCharsets.UTF_8));
    }

    public static Received text(byte[] utf8) {
        return new Received(Kind.TEXT, utf8);
    }

    public static Received binary(byte[] payload) {
        return new Received(Kind.BINARY, payload);
    }

    public static Received pong(byte[] payload) {
        return new Received(Kind.PONG, payload);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Received r && r.kind == kind && Arrays.equals(r.payload, payload);
    }

    @Override
    public int hashCode() {
        return kind.hashCode() * 31 + Arrays.hashCode(payload);
    }

    @Override
    public String toString() {
        String shown = payload.length <= 24 ? ("'" + new String(payload, StandardCharsets.UTF_8) + "'") : (payload.length + " bytes");
        return kind.name().toLowerCase() + " " + shown;
    }
}
