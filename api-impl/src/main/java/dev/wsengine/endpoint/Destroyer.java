package dev.wsengine.endpoint;

import java.util.List;

/** Ends the lives of a session's decoders or encoders: every one of them, even when some fail. */
final class Destroyer {

    private Destroyer() {
    }

    /** Runs every step; the first failure is thrown afterwards, with the later ones suppressed in it. */
    static void destroyAll(List<Runnable> destroySteps) {
        RuntimeException failure = null;
        for (Runnable step : destroySteps) {
            try {
                step.run();
            } catch (RuntimeException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
