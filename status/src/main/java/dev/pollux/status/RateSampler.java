package dev.pollux.status;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The one daemon thread, {@code pollux-status-sampler}, that feeds a {@link RateHistory} every
 * {@link RateHistory#INTERVAL}. Reading the totals walks the slots without locks, so the sampler never slows a
 * worker; as a daemon it never holds the JVM open.
 */
final class RateSampler implements AutoCloseable {

    static final String THREAD_NAME = "pollux-status-sampler";

    private final ScheduledExecutorService executor;

    private RateSampler(ScheduledExecutorService executor) {
        this.executor = executor;
    }

    /** Starts sampling {@code history} now and every interval after. */
    static RateSampler start(RateHistory history) {
        ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, THREAD_NAME);
            thread.setDaemon(true);
            return thread;
        });
        long period = RateHistory.INTERVAL.toMillis();
        executor.scheduleAtFixedRate(history::sample, 0, period, TimeUnit.MILLISECONDS);
        return new RateSampler(executor);
    }

    /** Stops the thread; the history keeps its last rates. */
    @Override
    public void close() {
        executor.shutdownNow();
    }
}
