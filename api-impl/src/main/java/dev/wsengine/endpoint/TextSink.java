package dev.wsengine.endpoint;

import java.io.Reader;

/** Takes text messages. The session calls only the method that matches {@link #mode()}. */
public non-sealed interface TextSink extends MessageSink {

    DeliveryMode mode();

    /** {@link DeliveryMode#WHOLE}: the message ({@code last} is true); PARTIAL: one part. */
    void onText(String text, boolean last) throws Exception;

    /** {@link DeliveryMode#STREAM}: a reader over the whole message. */
    void onReader(Reader reader) throws Exception;
}
