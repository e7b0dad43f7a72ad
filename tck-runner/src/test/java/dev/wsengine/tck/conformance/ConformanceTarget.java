package dev.wsengine.tck.conformance;

import java.net.URI;

/**
 * A server the conformance suite runs against: a name for its report
 * ({@code target/conformance-<name>.txt}) and accepted list ({@code conformance-accepted-<name>.txt}),
 * and an echo endpoint. In-process targets start their server in {@link #start()}.
 */
interface ConformanceTarget extends AutoCloseable {

    String name();

    /** Starts the server if there is one to start, and returns its echo endpoint. */
    URI start() throws Exception;

    /** The echo endpoint's message size limit; 0 when unknown. */
    long maxMessage();

    @Override
    void close() throws Exception;
}
