package dev.pollux.core.scoreboard;

/**
 * One worker's row of the scoreboard, a record of {@link ScoreboardMemory}. Only the worker thread that owns the
 * slot writes it, with release stores (plain moves on x86, no locks, no shared counters); readers such as the
 * status page, in this process or another child's, see values a moment old at worst.
 */
public final class WorkerSlot {

    private static final int STATE = 0;
    private static final int ACCESSES = 1;
    private static final int BYTES = 2;
    private static final int THREAD_ACCESSES = 3;
    private static final int THREAD_BYTES = 4;
    private static final int LAST_USED_MILLIS = 5;
    private static final int REQUEST_MICROS = 6;
    private static final int TOTAL_MICROS = 7;
    private static final int CPU_NANOS = 8;
    private static final int CONNECTION_ACCESSES = 9;
    private static final int CONNECTION_BYTES = 10;
    private static final int GENERATION = 11;
    private static final int REQUEST_SEQUENCE = 12;
    static final int LONGS = 13;
    /** Bytes of the request's texts: client, vhost, protocol, request line (each a length byte, then UTF-8). */
    private static final int[] TEXTS = {128, 128, 16, 256};
    static final int RECORD_BYTES = Cells.size(LONGS, 128 + 128 + 16 + 256);

    private final int index;
    private final Cells numbers;
    /** The connection of the last request; only the owning thread reads it. */
    private Object connection;
    private static final WorkerState[] STATES = WorkerState.values();

    WorkerSlot(int index, Cells numbers) {
        this.index = index;
        this.numbers = numbers;
    }

    public int index() {
        return index;
    }

    public WorkerState state() {
        return STATES[(int) numbers.get(STATE)];
    }

    /** Sets the state; called by the owning thread only. */
    public void state(WorkerState state) {
        numbers.set(STATE, state.ordinal());
    }

    /** A new thread takes the slot: its per-thread counters start again; the slot's totals carry on. */
    public void threadStarted() {
        numbers.set(THREAD_ACCESSES, 0);
        numbers.set(THREAD_BYTES, 0);
        numbers.set(CPU_NANOS, 0);
        state(WorkerState.STARTING);
    }

    /**
     * The worker takes up a request of {@code connection} (any object that identifies it): a connection other than
     * the last one starts the per-connection counts again, as httpd's {@code conn_count} and {@code conn_bytes}.
     */
    public void serving(Object connection) {
        if (connection != this.connection) {
            this.connection = connection;
            numbers.set(CONNECTION_ACCESSES, 0);
            numbers.set(CONNECTION_BYTES, 0);
        }
    }

    /**
     * Records the request the worker takes up, served under the configuration of {@code generation}; with
     * extended status off, pass {@code null} for {@code info}.
     */
    public void begin(RequestInfo info, int generation) {
        if (info != null) {
            numbers.writeTexts(REQUEST_SEQUENCE, TEXTS, info.client(), info.vhost(), info.protocol(),
                    info.requestLine());
        }
        numbers.set(REQUEST_MICROS, 0);
        numbers.set(GENERATION, generation);
        state(WorkerState.READING);
    }

    /** Counts a finished request: {@code bytes} of body sent after {@code micros} of handling. */
    public void finish(long bytes, long micros, long nowMillis) {
        numbers.set(ACCESSES, numbers.get(ACCESSES) + 1);
        numbers.set(BYTES, numbers.get(BYTES) + bytes);
        numbers.set(THREAD_ACCESSES, numbers.get(THREAD_ACCESSES) + 1);
        numbers.set(THREAD_BYTES, numbers.get(THREAD_BYTES) + bytes);
        numbers.set(CONNECTION_ACCESSES, numbers.get(CONNECTION_ACCESSES) + 1);
        numbers.set(CONNECTION_BYTES, numbers.get(CONNECTION_BYTES) + bytes);
        numbers.set(REQUEST_MICROS, micros);
        numbers.set(TOTAL_MICROS, numbers.get(TOTAL_MICROS) + micros);
        numbers.set(LAST_USED_MILLIS, nowMillis);
    }

    /** Stores the owning thread's CPU time, sampled by the worker when it goes idle. */
    public void cpuNanos(long nanos) {
        numbers.set(CPU_NANOS, nanos);
    }

    /** Requests this slot has served since the server started. */
    public long accesses() {
        return numbers.get(ACCESSES);
    }

    /** Body bytes this slot has sent since the server started. */
    public long bytes() {
        return numbers.get(BYTES);
    }

    /** Requests the current thread of this slot has served. */
    public long threadAccesses() {
        return numbers.get(THREAD_ACCESSES);
    }

    /** Body bytes the current thread of this slot has sent. */
    public long threadBytes() {
        return numbers.get(THREAD_BYTES);
    }

    /** Requests this slot has served on its current connection. */
    public long connectionAccesses() {
        return numbers.get(CONNECTION_ACCESSES);
    }

    /** Body bytes this slot has sent on its current connection. */
    public long connectionBytes() {
        return numbers.get(CONNECTION_BYTES);
    }

    /** Wall-clock time of the last finished request, epoch milliseconds; 0 if none. */
    public long lastUsedMillis() {
        return numbers.get(LAST_USED_MILLIS);
    }

    /** Handling time of the last finished request, microseconds; 0 while one is in progress. */
    public long requestMicros() {
        return numbers.get(REQUEST_MICROS);
    }

    /** Handling time of every request of this slot, microseconds. */
    public long totalMicros() {
        return numbers.get(TOTAL_MICROS);
    }

    /** CPU time of the slot's current thread, nanoseconds, as last sampled. */
    public long cpuNanos() {
        return numbers.get(CPU_NANOS);
    }

    /** The configuration generation of the current or last request ({@link Scoreboard#generation()}). */
    public int generation() {
        return (int) numbers.get(GENERATION);
    }

    /**
     * The state as the status page shows it: a busy slot still serving a request of an older generation than
     * {@code current} is {@link WorkerState#GRACEFUL}, finishing under the configuration it began with.
     */
    public WorkerState state(int current) {
        WorkerState state = state();
        return state.busy() && generation() < current ? WorkerState.GRACEFUL : state;
    }

    /** The current or last request (extended status); {@code null} before the first. */
    public RequestInfo request() {
        String[] texts = numbers.readTexts(REQUEST_SEQUENCE, TEXTS);
        return texts == null ? null : new RequestInfo(texts[0], texts[1], texts[2], texts[3]);
    }

    /** Its process died: the slot is dead, its totals stay (httpd keeps a dead child's counts on the page). */
    void clearState() {
        state(WorkerState.DEAD);
    }
}
