package dev.pollux.core.scoreboard;

/** Where a connection is in its life, as the per-poller counters of the scoreboard count it. */
public enum ConnectionState {
    /** A request head is being read (or awaited on a new connection). */
    READING,
    /** A complete request is queued for, or held by, a worker. */
    HANDLER,
    /** A request whose handler released its worker and answers later ({@code Response.later}). */
    SUSPENDED,
    /** The poller is finishing a response the client reads slowly. */
    WRITING,
    /** Idle between requests. */
    KEEPALIVE,
    /** Lingering close: output shut down, input drained until EOF or the deadline. */
    CLOSING
}
