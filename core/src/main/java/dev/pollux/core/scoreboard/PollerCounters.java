package dev.pollux.core.scoreboard;

/**
 * One poller's live connection counts, by {@link ConnectionState}, plus its totals of accepted connections,
 * refused requests and TLS handshakes, a part of its process's record in {@link ScoreboardMemory}. Written only by
 * that poller's thread, with release stores, at the moment a
 * connection changes state: unlike httpd's per-process counts, which a maintenance pass refreshes, these are never
 * stale.
 */
public final class PollerCounters {

    private static final int STATES = ConnectionState.values().length;
    private static final int ACCEPTED = STATES;
    private static final int REFUSED = STATES + 1;
    private static final int HANDSHAKES = STATES + 2;
    private static final int HANDSHAKE_FAILURES = STATES + 3;
    static final int LONGS = STATES + 4;

    private final int index;
    private final Cells counts;

    PollerCounters(int index, Cells counts) {
        this.index = index;
        this.counts = counts;
    }

    public int index() {
        return index;
    }

    /** A connection was accepted and starts in {@code state}. Poller thread only. */
    public void opened(ConnectionState state) {
        increment(ACCEPTED);
        add(state, 1);
    }

    /** The poller refused a request itself (400, 408, 413, 414, 417, 501, 503), or closed an HTTP/0.9 one. */
    public void requestRefused() {
        increment(REFUSED);
    }

    /** A TLS handshake completed. Poller thread only. */
    public void handshakeDone() {
        increment(HANDSHAKES);
    }

    /** A TLS handshake failed (or timed out); its connection closes. Poller thread only. */
    public void handshakeFailed() {
        increment(HANDSHAKE_FAILURES);
    }

    private void increment(int slot) {
        counts.increment(slot);
    }

    /** A connection moved from {@code from} to {@code to}. Poller thread only. */
    public void moved(ConnectionState from, ConnectionState to) {
        if (from != to) {
            add(from, -1);
            add(to, 1);
        }
    }

    /** A connection in {@code state} closed. Poller thread only. */
    public void closed(ConnectionState state) {
        add(state, -1);
    }

    private void add(ConnectionState state, int delta) {
        int slot = state.ordinal();
        counts.set(slot, counts.get(slot) + delta);
    }

    /** Its process died: no connection is open any more; the totals stay. */
    void clearOpen() {
        counts.clear(0, STATES);
    }

    /** Open connections in {@code state}. */
    public long count(ConnectionState state) {
        return counts.get(state.ordinal());
    }

    /** Open connections in every state. */
    public long open() {
        long open = 0;
        for (int i = 0; i < STATES; i++) {
            open += counts.get(i);
        }
        return open;
    }

    /** Connections accepted since the server started. */
    public long accepted() {
        return counts.get(ACCEPTED);
    }

    /** Requests refused on the poller since the server started, no worker having seen them. */
    public long refused() {
        return counts.get(REFUSED);
    }

    /** TLS handshakes completed since the server started. */
    public long handshakes() {
        return counts.get(HANDSHAKES);
    }

    /** TLS handshakes failed since the server started. */
    public long handshakeFailures() {
        return counts.get(HANDSHAKE_FAILURES);
    }
}
