package dev.pollux.mpm.dns;

import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/** Polls for what the DNS thread makes true, until a deadline, rather than sleeping a guessed time. */
final class Await {

    private static final long DEADLINE_MILLIS = 10_000;

    private Await() {
    }

    static void until(BooleanSupplier condition, String what) {
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
