package dev.pollux.core.scoreboard;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The server's live state: a fixed array of worker slots, one per possible worker
 * ({@code mpm.max-request-workers}), one {@link PollerCounters} per poller, and server-wide facts. Built once
 * at start; each part is written by the one thread that owns it and read by anyone.
 */
public final class Scoreboard {

    private final WorkerSlot[] slots;
    private final PollerCounters[] pollers;
    private final boolean extendedStatus;
    private final Instant restartTime = Instant.now();
    private final AtomicLong acceptFailures = new AtomicLong();
    private volatile boolean accepting = true;
    private volatile boolean stopping;

    public Scoreboard(int workerSlots, int pollerCount, boolean extendedStatus) {
        slots = new WorkerSlot[workerSlots];
        for (int i = 0; i < workerSlots; i++) {
            slots[i] = new WorkerSlot(i);
        }
        pollers = new PollerCounters[pollerCount];
        for (int i = 0; i < pollerCount; i++) {
            pollers[i] = new PollerCounters(i);
        }
        this.extendedStatus = extendedStatus;
    }

    public int slotCount() {
        return slots.length;
    }

    public WorkerSlot slot(int index) {
        return slots[index];
    }

    public int pollerCount() {
        return pollers.length;
    }

    public PollerCounters poller(int index) {
        return pollers[index];
    }

    /** Whether workers record per-request details ({@code extended-status}). */
    public boolean extendedStatus() {
        return extendedStatus;
    }

    /** When the server started. */
    public Instant restartTime() {
        return restartTime;
    }

    /** Whether the listeners accept new connections (false while saturated or stopping). */
    public boolean accepting() {
        return accepting;
    }

    public void accepting(boolean accepting) {
        this.accepting = accepting;
    }

    /** An accept failed (most often: no file descriptor left). Any poller thread. */
    public void acceptFailed() {
        acceptFailures.incrementAndGet();
    }

    /** Accepts that failed since the server started. */
    public long acceptFailures() {
        return acceptFailures.get();
    }

    /** Whether a graceful stop is under way. */
    public boolean stopping() {
        return stopping;
    }

    public void stopping(boolean stopping) {
        this.stopping = stopping;
    }

    /** A consistent-enough sum of the slots' counters, for the totals lines of the status page. */
    public Totals totals() {
        Totals.Sum sum = new Totals.Sum();
        for (WorkerSlot slot : slots) {
            sum.add(slot.accesses(), slot.bytes(), slot.totalMicros(), slot.state());
        }
        return sum.totals();
    }

    /**
     * Server totals summed over the worker slots.
     *
     * @param accesses       requests served
     * @param bytes          body bytes sent
     * @param durationMillis handling time of all requests
     * @param busyWorkers    slots in R, W, K, L or C
     * @param idleWorkers    slots in {@code _}
     */
    public record Totals(long accesses, long bytes, long durationMillis, int busyWorkers, int idleWorkers) {

        /** Adds up slot readings, live or snapshotted, into {@link Totals}. */
        public static final class Sum {
            private long accesses;
            private long bytes;
            private long micros;
            private int busy;
            private int idle;

            /** Adds one slot's counters and counts it busy or idle by its state. */
            public void add(long slotAccesses, long slotBytes, long slotMicros, WorkerState state) {
                accesses += slotAccesses;
                bytes += slotBytes;
                micros += slotMicros;
                if (state.busy()) {
                    busy++;
                } else if (state == WorkerState.READY) {
                    idle++;
                }
            }

            public Totals totals() {
                return new Totals(accesses, bytes, micros / 1000, busy, idle);
            }
        }
    }
}
