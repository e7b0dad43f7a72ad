package dev.wsengine.endpoint;

/** The form in which a registered handler takes its messages. */
public enum DeliveryMode {
    /** The whole message at once. */
    WHOLE,
    /** Each part as it arrives, with a flag on the last one. */
    PARTIAL,
    /** A {@code Reader} or {@code InputStream} over the message, read while its frames arrive. */
    STREAM
}
