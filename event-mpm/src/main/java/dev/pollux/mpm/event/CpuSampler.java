package dev.pollux.mpm.event;

import dev.pollux.core.scoreboard.WorkerSlot;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.concurrent.TimeUnit;

/**
 * Records a worker thread's CPU time in its scoreboard slot for the status page, at most once a second (reading it
 * is a system call). One per worker thread, used by that thread only.
 */
final class CpuSampler {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final boolean SUPPORTED = THREADS.isCurrentThreadCpuTimeSupported();
    private static final long INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final WorkerSlot slot;
    private long sampledNanos = System.nanoTime() - INTERVAL_NANOS;

    CpuSampler(WorkerSlot slot) {
        this.slot = slot;
    }

    /** Samples the calling thread's CPU time unless it did less than a second ago. */
    void sample() {
        long now = System.nanoTime();
        if (SUPPORTED && now - sampledNanos > INTERVAL_NANOS) {
            sampledNanos = now;
            slot.cpuNanos(THREADS.getCurrentThreadCpuTime());
        }
    }
}
