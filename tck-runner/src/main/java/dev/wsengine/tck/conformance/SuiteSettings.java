package dev.wsengine.tck.conformance;

import java.net.URI;
import java.time.Duration;

/**
 * Where the suite runs and its bounds.
 *
 * @param target         a {@code ws://host:port/path} endpoint that echoes every text and binary message
 * @param maxMessage     the target's message size limit in bytes (the sample echo endpoint: 16 MiB);
 *                       0 leaves out the cases that need it
 * @param reply          how long to wait for the replies a case expects
 * @param largeReply     the same for the cases that move megabytes
 * @param closeBound     how soon the server must close TCP once the Close frames are exchanged
 * @param failFastWindow how long the server has to fail on a bad prefix before the rest is sent
 */
public record SuiteSettings(URI target, long maxMessage, Duration reply, Duration largeReply,
                            Duration closeBound, Duration failFastWindow) {

    public static final long SAMPLE_ECHO_LIMIT = 16L * 1024 * 1024;

    public static SuiteSettings of(URI target, long maxMessage) {
        if (!"ws".equals(target.getScheme())) {
            throw new IllegalArgumentException("The conformance suite speaks plain ws://, not " + target);
        }
        return new SuiteSettings(target, maxMessage, Duration.ofSeconds(5), Duration.ofSeconds(30),
                Duration.ofSeconds(2), Duration.ofSeconds(2));
    }
}
