package dev.pollux.mpm.event;

/**
 * A connection as its poller sees it, whatever the protocol: what the poller's timeout queues and its graceful
 * restart and stop passes do with it. {@link Connection} speaks HTTP/1, {@link Http2Connection} HTTP/2. Poller
 * thread only.
 */
interface PolledConnection {

    /** Its links for the one timeout queue it may wait in. */
    TimeoutQueue.Node node();

    /** It waited in the reading queue past the header-read timeout. */
    void readTimedOut();

    /** It waited in the keep-alive queue past the keep-alive timeout. */
    void keepAliveExpired();

    /** It waited in the writing queue past the write timeout; {@code nowNanos} is the sweep's time. */
    void writeTimedOut(long nowNanos);

    /** Its lingering close's deadline passed. */
    void lingerExpired();

    /** A graceful restart: take up the new generation now if nothing is under way, else when it is done. */
    void adoptIfWaiting();

    /** Graceful stop: close now if nothing is under way, else once it is done. */
    void closeIfIdle();

    /** The end of a graceful stop: close at once, whatever is under way. */
    void closeNow();
}
