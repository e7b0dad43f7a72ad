package dev.wsengine.transport;

/** Completion of one {@link Transport#write}. Exactly one of the two methods runs, once. */
public interface WriteCallback {

    /** Every byte was handed to the operating system. */
    void completed();

    /** The write failed; the connection is unusable. */
    void failed(Throwable cause);
}
