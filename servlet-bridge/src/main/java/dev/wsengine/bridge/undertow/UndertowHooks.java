package dev.wsengine.bridge.undertow;

import dev.wsengine.bridge.ContainerHooks;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.WebConnection;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Method;

/**
 * Pauses reading a connection upgraded on Undertow.
 *
 * <p>Undertow pauses by itself: when {@code onDataAvailable} returns while its upgraded input
 * stream still holds bytes, it suspends reads on the channel, and no event follows until reads
 * are resumed. What it lacks is a way back that reaches the listener again for the bytes it
 * holds: a read on our own thread would share the stream's unsynchronized state with Undertow's
 * I/O thread. So a resume asks XNIO to wake the channel's reads, which runs a read event on the
 * channel's I/O thread even when no new byte arrives (XNIO's suspend, resume and wake-up may be
 * called from any thread); Undertow then calls {@code onDataAvailable} there for the bytes it
 * holds.
 *
 * <p>The channel is a private field of Undertow's upgraded input stream (the same since Undertow
 * 1.0); if it ever moves, construction fails and reading does not pause. Undertow is reached by
 * reflection, as Tomcat is ({@code TomcatHooks}): its jar may not be in our module graph.
 */
public final class UndertowHooks implements ContainerHooks {

    private static final String UPGRADE_INPUT = "io.undertow.servlet.spec.UpgradeServletInputStream";
    private static final String READ_CHANNEL = "org.xnio.channels.SuspendableReadChannel";

    private final Class<?> upgradeInput;
    private final Field channelField;
    private final Method wakeupReads;

    public UndertowHooks() throws ReflectiveOperationException {
        ClassLoader loader = UndertowHooks.class.getClassLoader();
        upgradeInput = Class.forName(UPGRADE_INPUT, false, loader);
        Class<?> readChannel = Class.forName(READ_CHANNEL, false, loader);
        channelField = upgradeInput.getDeclaredField("channel");
        if (!readChannel.isAssignableFrom(channelField.getType())) {
            throw new NoSuchFieldException("UpgradeServletInputStream.channel is a " + channelField.getType());
        }
        channelField.setAccessible(true);
        wakeupReads = readChannel.getMethod("wakeupReads");
    }

    @Override
    public boolean serves(WebConnection connection) {
        try {
            return upgradeInput.isInstance(connection.getInputStream());
        } catch (IOException | RuntimeException notUpgraded) {
            return false;
        }
    }

    @Override
    public boolean canPauseReading() {
        return true;
    }

    @Override
    public void resumeReading(WebConnection connection) throws Exception {
        ServletInputStream in = connection.getInputStream();
        wakeupReads.invoke(channelField.get(in));
    }
}
