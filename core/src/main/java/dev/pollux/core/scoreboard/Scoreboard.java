package dev.pollux.core.scoreboard;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One process's live state, httpd's {@code process_score} and its {@code worker_score}s: worker slots, one per
 * possible worker of the process ({@code mpm.max-request-workers}, or a child's share of it), one
 * {@link PollerCounters} per poller, and its facts (pid, generation, accepting, stopping); beside them, the
 * server-wide generation and restart time. All of it lives in {@link ScoreboardMemory}: the process's own, or
 * the file a parent shares with its children, so that the status page of any child reads every child through
 * {@link #processes()}. Each part is written by the one thread that owns it and read by anyone.
 */
public final class Scoreboard {

    private static final int PID = 0;
    private static final int GENERATION = 1;
    private static final int FLAGS = 2;
    private static final int ACCEPT_FAILURES = 3;
    private static final int SLOT_LIMIT = 4;
    private static final int SLOT_COUNT = 5;
    private static final int STARTED_MILLIS = 6;
    private static final int LISTENER_WAKEUPS = 7;
    private static final int LISTENER_ACCEPTS = 8;
    private static final int POLLER_COUNT = 9;
    private static final int FIXED_LONGS = 10;

    private static final long ACCEPTING = 1;
    private static final long STOPPING = 2;
    private static final long EXTENDED_STATUS = 4;
    private static final long LISTENING = 8;

    private final ScoreboardMemory memory;
    private final int process;
    private final Cells record;
    private volatile WorkerSlot[] slots = new WorkerSlot[0];
    private final PollerCounters[] pollers;
    private volatile String mpm = "event";

    /** A single process's scoreboard, in its own memory: the embedded server's, and bin/pollux's without children. */
    public Scoreboard(int workerSlots, int pollerCount, boolean extendedStatus) {
        this(ScoreboardMemory.inProcess(pollerCount), 0, true);
        claim(0, workerSlots, extendedStatus);
    }

    Scoreboard(ScoreboardMemory memory, int process, boolean owner) {
        this.memory = memory;
        this.process = process;
        record = memory.process(process);
        int pollerCount = owner ? memory.pollers() : (int) record.get(POLLER_COUNT);
        pollers = new PollerCounters[pollerCount];
        for (int i = 0; i < pollerCount; i++) {
            pollers[i] = new PollerCounters(i, record.slice(FIXED_LONGS + i * PollerCounters.LONGS,
                    PollerCounters.LONGS));
        }
        if (!owner) {
            grow((int) record.get(SLOT_COUNT));
        }
    }

    /** Longs of one process's record with {@code pollers} pollers, the slots not included. */
    static int processLongs(int pollers) {
        return FIXED_LONGS + pollers * PollerCounters.LONGS;
    }

    /**
     * This process takes up its record: its pid, the generation of its configuration, its slots and pollers.
     * Called once, by the thread that starts the process's server.
     */
    public void claim(int generation, int workerSlots, boolean extendedStatus) {
        // A record a dead child left: its own counts start again; its slots' and pollers' totals carry on.
        record.clear(ACCEPT_FAILURES, ACCEPT_FAILURES + 1);
        record.clear(LISTENER_WAKEUPS, LISTENER_ACCEPTS + 1);
        record.set(POLLER_COUNT, pollers.length);
        record.set(GENERATION, generation);
        record.set(STARTED_MILLIS, System.currentTimeMillis());
        record.set(FLAGS, ACCEPTING | (extendedStatus ? EXTENDED_STATUS : 0));
        resize(workerSlots);
        record.set(PID, ProcessHandle.current().pid());
    }

    /**
     * Sets the number of slots workers may use to {@code workerSlots} ({@code max-request-workers}): a graceful
     * restart that raises it adds slots; one that lowers it keeps the slots above, since their threads may still
     * be finishing, and the status page stops showing them once they are dead, as httpd's does. Existing slots
     * keep their counters. Called by the thread that starts or restarts the server.
     *
     * @throws IllegalArgumentException past the slots a shared scoreboard has per process
     */
    public synchronized void resize(int workerSlots) {
        if (workerSlots > memory.slotLimit()) {
            throw new IllegalArgumentException(workerSlots + " worker slots asked for; the scoreboard has "
                    + memory.slotLimit() + " per process");
        }
        record.set(SLOT_LIMIT, workerSlots);
        grow(workerSlots);
        record.set(SLOT_COUNT, slots.length);
    }

    private void grow(int count) {
        WorkerSlot[] current = slots;
        if (count <= current.length) {
            return;
        }
        WorkerSlot[] grown = Arrays.copyOf(current, count);
        for (int i = current.length; i < count; i++) {
            grown[i] = new WorkerSlot(i, memory.slot(process, i));
        }
        slots = grown;
    }

    /**
     * The scoreboards of every process that has had a record, this one included, in process order: one for a
     * single process, each child's (the dead ones' too, whose slots read {@code .}) with a shared file.
     */
    public List<Scoreboard> processes() {
        if (!memory.shared()) {
            return List.of(this);
        }
        List<Scoreboard> all = new ArrayList<>();
        for (int i = 0; i < memory.processLimit(); i++) {
            Scoreboard other = i == process ? this : new Scoreboard(memory, i, false);
            if (other.record.get(STARTED_MILLIS) != 0) {
                all.add(other);
            }
        }
        return all;
    }

    /** Whether it lives in a file a parent shares with its children, rather than in one process's memory. */
    public boolean shared() {
        return memory.shared();
    }

    /** Its record number: the child's slot among {@code mpm.server-limit}, 0 for a single process. */
    public int process() {
        return process;
    }

    /** The process's id; 0 once it has died. */
    public long pid() {
        return record.get(PID);
    }

    /**
     * The process died: the parent marks its record and slots dead and its connections closed, so that no stale
     * busy slot stays on the page. The totals stay, as httpd keeps a dead child's counts.
     */
    public void clear() {
        record.set(PID, 0);
        record.set(FLAGS, 0);
        for (WorkerSlot slot : slots) {
            slot.clearState();
        }
        for (PollerCounters poller : pollers) {
            poller.clearOpen();
        }
    }

    /** Every slot there is, those above {@link #slotLimit()} included. */
    public int slotCount() {
        return slots.length;
    }

    /** The slots workers may use now: {@code max-request-workers}. */
    public int slotLimit() {
        return (int) record.get(SLOT_LIMIT);
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

    /** httpd's {@code ServerMPM}: {@code event}, {@code worker} or {@code prefork}, as this process serves. */
    public String mpm() {
        return mpm;
    }

    public void mpm(String name) {
        mpm = name;
    }

    /** Connections the process has open, in every state, over all its pollers. */
    public long openConnections() {
        long open = 0;
        for (PollerCounters poller : pollers) {
            open += poller.open();
        }
        return open;
    }

    /** Whether workers record per-request details ({@code extended-status}). */
    public boolean extendedStatus() {
        return flag(EXTENDED_STATUS);
    }

    /** When the server started, or last restarted gracefully. */
    public Instant restartTime() {
        return Instant.ofEpochMilli(memory.header().get(ScoreboardMemory.HEADER_RESTART_MILLIS));
    }

    /**
     * The generation of the configuration in force in the server: 0 at start, one more after each graceful
     * restart (httpd's {@code ParentServerMPMGeneration}; its {@code ParentServerConfigGeneration} is one more than
     * this).
     */
    public int generation() {
        return (int) memory.header().get(ScoreboardMemory.HEADER_GENERATION);
    }

    /** The generation this process serves: older than {@link #generation()} in a child that is finishing. */
    public int processGeneration() {
        return (int) record.get(GENERATION);
    }

    /**
     * A graceful restart put a new configuration in force in this single process: the generation counts up, the
     * restart time is now, and {@code extendedStatus} is the new configuration's. Called by the thread that
     * restarts the server.
     *
     * @return the new generation
     */
    public int restarted(boolean extendedStatus) {
        int next = generation() + 1;
        record.set(GENERATION, next);
        setFlag(EXTENDED_STATUS, extendedStatus);
        memory.restarted(next);
        return next;
    }

    /** Whether the listeners accept new connections (false while saturated or stopping). */
    public boolean accepting() {
        return flag(ACCEPTING);
    }

    public void accepting(boolean accepting) {
        setFlag(ACCEPTING, accepting);
    }

    /** An accept failed (most often: no file descriptor left). Any poller thread. */
    public void acceptFailed() {
        record.addAtomically(ACCEPT_FAILURES, 1);
    }

    /** Accepts that failed since the process started. */
    public long acceptFailures() {
        return record.get(ACCEPT_FAILURES);
    }

    /**
     * The listener woke the poller and {@code accepted} connections came of it: 0 when another process took the
     * connection first (the thundering herd). Any poller thread (listeners may sit on several).
     */
    public void listenerWoke(int accepted) {
        record.addAtomically(LISTENER_WAKEUPS, 1);
        record.addAtomically(LISTENER_ACCEPTS, accepted);
    }

    /** Times the listener woke this process. */
    public long listenerWakeups() {
        return record.get(LISTENER_WAKEUPS);
    }

    /** Connections accepted on those wake-ups. */
    public long listenerAccepts() {
        return record.get(LISTENER_ACCEPTS);
    }

    /** Whether the process has its listeners and serves: a parent's sign that a new child has taken over. */
    public boolean listening() {
        return flag(LISTENING);
    }

    /** The process has its listeners. Called once, by the thread that starts its server. */
    public void listening(boolean listening) {
        setFlag(LISTENING, listening);
    }

    /** Whether a graceful stop is under way. */
    public boolean stopping() {
        return flag(STOPPING);
    }

    public void stopping(boolean stopping) {
        setFlag(STOPPING, stopping);
    }

    private boolean flag(long flag) {
        return (record.get(FLAGS) & flag) != 0;
    }

    /** The flags change on a few threads (a poller, the stopping thread), seldom: a lock keeps each change whole. */
    private synchronized void setFlag(long flag, boolean on) {
        long flags = record.get(FLAGS);
        record.set(FLAGS, on ? flags | flag : flags & ~flag);
    }

    /** A consistent-enough sum of the slots' counters, for the totals lines of the status page. */
    public Totals totals() {
        Totals.Sum sum = new Totals.Sum();
        int current = generation();
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
