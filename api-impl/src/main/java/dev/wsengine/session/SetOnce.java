package dev.wsengine.session;

import java.lang.invoke.VarHandle;

/**
 * Fields made on first use and then kept, whichever thread gets there first: what a thread made
 * is dropped, never seen by anyone, when another thread's was set before it.
 */
final class SetOnce {

    private SetOnce() {
    }

    /** What {@code holder}'s field holds after setting it to {@code made} unless it was set already. */
    @SuppressWarnings("unchecked")
    static <T> T set(VarHandle field, Object holder, T made) {
        T raced = (T) field.compareAndExchange(holder, null, made);
        return raced == null ? made : raced;
    }
}
