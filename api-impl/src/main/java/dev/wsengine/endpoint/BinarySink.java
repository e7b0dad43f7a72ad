package dev.wsengine.endpoint;

import java.io.InputStream;
import java.nio.ByteBuffer;

/** Takes binary messages. The session calls only the method that matches {@link #mode()}. */
public non-sealed interface BinarySink extends MessageSink {

    DeliveryMode mode();

    /**
     * {@link DeliveryMode#WHOLE}: the message ({@code last} is true); PARTIAL: one part.
     * The buffer is only valid during the call; a sink that keeps the bytes copies them.
     */
    void onBinary(ByteBuffer data, boolean last) throws Exception;

    /**
     * {@link DeliveryMode#STREAM}: a stream over the message, called when its first frame arrives
     * and on an executor thread: the stream blocks until the next frames come. It is closed once
     * this method returns.
     */
    void onStream(InputStream stream) throws Exception;
}
