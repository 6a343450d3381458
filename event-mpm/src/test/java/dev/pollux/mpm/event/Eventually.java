package dev.pollux.mpm.event;

import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Waits for a condition another thread makes true (a counter the poller updates after the client already saw
 * the effect), polling until a deadline rather than sleeping a guessed time.
 */
public final class Eventually {

    private static final long DEADLINE_MILLIS = 10_000;

    private Eventually() {
    }

    public static void holds(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(DEADLINE_MILLIS);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("not within " + DEADLINE_MILLIS + " ms: " + what);
            }
            Thread.onSpinWait();
            Thread.yield();
        }
    }
}
