package dev.wsengine.session;

import dev.wsengine.endpoint.DeliveryMode;
import dev.wsengine.endpoint.TextSink;

import java.io.Reader;
import java.util.function.Consumer;

/** A sink for whole text messages that hands each one to {@code messages}: the sessions' tests' endpoint. */
record WholeTextSink(Consumer<String> messages) implements TextSink {

    @Override
    public DeliveryMode mode() {
        return DeliveryMode.WHOLE;
    }

    @Override
    public void onText(String text, boolean last) {
        messages.accept(text);
    }

    @Override
    public void onReader(Reader reader) {
        throw new AssertionError("not a stream sink");
    }
}
