package dev.pollux.core.scoreboard;

/** A worker slot's state, with the letter httpd's scoreboard uses for it. */
public enum WorkerState {
    /** No thread holds the slot. */
    DEAD('.'),
    /** The thread is starting. */
    STARTING('S'),
    /** Waiting for work. */
    READY('_'),
    /** Taking up a request the poller decoded. */
    READING('R'),
    /** Running the handler and handing the response to the poller. */
    WRITING('W'),
    /** Done with a request whose connection stays open. */
    KEEPALIVE('K'),
    /** Recording the request in the access log. */
    LOGGING('L'),
    /** Closing the connection after the request. */
    CLOSING('C'),
    /** Finishing a request of an older generation after a graceful restart (derived when read, never stored). */
    GRACEFUL('G');

    private final char letter;

    WorkerState(char letter) {
        this.letter = letter;
    }

    public char letter() {
        return letter;
    }

    /** Whether mod_status counts the slot as busy (R, W, K, L, C; httpd's D is never set). */
    public boolean busy() {
        return this == READING || this == WRITING || this == KEEPALIVE || this == LOGGING || this == CLOSING;
    }
}
