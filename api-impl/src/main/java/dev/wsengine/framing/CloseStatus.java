package dev.wsengine.framing;

/** The code and reason of a Close frame. */
public record CloseStatus(int code, String reason) {
}
