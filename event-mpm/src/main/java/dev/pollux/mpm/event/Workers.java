package dev.pollux.mpm.event;

import java.util.concurrent.TimeUnit;

/**
 * The worker threads behind the pollers, as {@code mpm.type} arranges them: {@link WorkerPool} (event), where any
 * worker takes any connection's next job, or {@link ConnectionThreads} (worker, prefork), where each connection
 * keeps one thread from its accept to its close.
 */
interface Workers {

    /** Starts the first {@code threads-per-child} workers. */
    void start();

    /** A graceful restart's new sizes, applied by the next {@link #maintain} pass. */
    void resize(MpmSettings next);

    /**
     * Hands {@code job}, a request of {@code connection}, to a worker; poller thread.
     *
     * @return false when no worker can take it (the dispatch queue is full)
     */
    boolean dispatch(PolledConnection connection, Job job);

    /** After one pass of the poller queued jobs: make sure a worker looks for them. */
    void wake();

    /** The spare-thread pass; once a second on the maintenance thread. */
    void maintain();

    /** Live worker threads. */
    int size();

    /** Stops the pool: workers finish the jobs they have, then exit; waits up to {@code timeout}. */
    void stop(long timeout, TimeUnit unit) throws InterruptedException;

    /** A connection was accepted. Poller thread. */
    default void opened(PolledConnection connection) {
    }

    /** A connection closed. Poller thread. */
    default void closed(PolledConnection connection) {
    }

    /** A connection changed protocol: {@code next} is the same client's connection from now on. Poller thread. */
    default void handOver(PolledConnection previous, PolledConnection next) {
    }
}
