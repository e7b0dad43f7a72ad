package dev.wsengine.endpoint;

import java.io.Reader;

/** Takes text messages. The session calls only the method that matches {@link #mode()}. */
public non-sealed interface TextSink extends MessageSink {

    DeliveryMode mode();

    /** {@link DeliveryMode#WHOLE}: the message ({@code last} is true); PARTIAL: one part. */
    void onText(String text, boolean last) throws Exception;

    /**
     * {@link DeliveryMode#STREAM}: a reader over the message, called when its first frame arrives
     * and on an executor thread: the reader blocks until the next frames come. It is closed once
     * this method returns.
     */
    void onReader(Reader reader) throws Exception;
}
