package dev.pollux.core.scoreboard;

import java.time.Instant;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The server's live state: worker slots, one per possible worker ({@code mpm.max-request-workers}), one
 * {@link PollerCounters} per poller, and server-wide facts, among them the configuration generation. Built at
 * start and kept across graceful restarts, which may add slots; each part is written by the one thread that owns
 * it and read by anyone.
 */
public final class Scoreboard {

    private volatile WorkerSlot[] slots;
    private volatile int slotLimit;
    private final PollerCounters[] pollers;
    private final AtomicLong acceptFailures = new AtomicLong();
    private volatile boolean extendedStatus;
    private volatile Instant restartTime = Instant.now();
    private volatile int generation;
    private volatile boolean accepting = true;
    private volatile boolean stopping;

    public Scoreboard(int workerSlots, int pollerCount, boolean extendedStatus) {
        slots = new WorkerSlot[0];
        resize(workerSlots);
        pollers = new PollerCounters[pollerCount];
        for (int i = 0; i < pollerCount; i++) {
            pollers[i] = new PollerCounters(i);
        }
        this.extendedStatus = extendedStatus;
    }

    /**
     * Sets the number of slots workers may use to {@code workerSlots} ({@code max-request-workers}): a graceful
     * restart that raises it adds slots; one that lowers it keeps the slots above, since their threads may still
     * be finishing, and the status page stops showing them once they are dead, as httpd's does. Existing slots
     * keep their counters. Called by the thread that starts or restarts the server.
     */
    public synchronized void resize(int workerSlots) {
        slotLimit = workerSlots;
        WorkerSlot[] current = slots;
        if (workerSlots <= current.length) {
            return;
        }
        WorkerSlot[] grown = Arrays.copyOf(current, workerSlots);
        for (int i = current.length; i < workerSlots; i++) {
            grown[i] = new WorkerSlot(i);
        }
        slots = grown;
    }

    /** Every slot there is, those above {@link #slotLimit()} included. */
    public int slotCount() {
        return slots.length;
    }

    /** The slots workers may use now: {@code max-request-workers}. */
    public int slotLimit() {
        return slotLimit;
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

    /** When the server started, or last restarted gracefully. */
    public Instant restartTime() {
        return restartTime;
    }

    /**
     * The generation of the configuration in force: 0 at start, one more after each graceful restart (httpd's
     * {@code ParentServerMPMGeneration}; its {@code ParentServerConfigGeneration} is one more than this).
     */
    public int generation() {
        return generation;
    }

    /**
     * A graceful restart put a new configuration in force: the generation counts up, the restart time is now, and
     * {@code extendedStatus} is the new configuration's. Called by the thread that restarts the server.
     *
     * @return the new generation
     */
    public int restarted(boolean extendedStatus) {
        this.extendedStatus = extendedStatus;
        restartTime = Instant.now();
        generation++;
        return generation;
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
        int current = generation;
        for (WorkerSlot slot : slots) {
            sum.add(slot.accesses(), slot.bytes(), slot.totalMicros(), slot.state(current));
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
