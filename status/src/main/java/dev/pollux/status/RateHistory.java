package dev.pollux.status;

import java.time.Duration;
import java.util.Arrays;
import java.util.function.LongSupplier;

/**
 * The server's request rate over the last few minutes, for the status page's sparkline: a small ring of
 * (time, total accesses) samples that one sampler thread fills, and an immutable list of per-interval rates
 * that it republishes after each sample. Readers take the published list with one volatile read; nothing here
 * touches a worker's path.
 */
final class RateHistory {

    /** How often the sampler records the total. */
    static final Duration INTERVAL = Duration.ofSeconds(5);
    /** Samples kept: 61 samples bound 60 intervals, five minutes at {@link #INTERVAL}. */
    static final int SAMPLES = 61;

    private final LongSupplier accesses;
    private final LongSupplier nanoTime;
    private final long[] times = new long[SAMPLES];
    private final long[] counts = new long[SAMPLES];
    private int size;
    private int next;
    private volatile Rates rates = new Rates(new double[0]);

    /**
     * @param accesses the server's total accesses so far
     * @param nanoTime a monotonic clock, {@link System#nanoTime()} outside tests
     */
    RateHistory(LongSupplier accesses, LongSupplier nanoTime) {
        this.accesses = accesses;
        this.nanoTime = nanoTime;
    }

    /** Records the current total and republishes the rates. Called by the sampler thread. */
    synchronized void sample() {
        times[next] = nanoTime.getAsLong();
        counts[next] = accesses.getAsLong();
        next = (next + 1) % SAMPLES;
        size = Math.min(size + 1, SAMPLES);
        double[] perSecond = new double[Math.max(0, size - 1)];
        int oldest = (next - size + SAMPLES) % SAMPLES;
        for (int i = 0; i < perSecond.length; i++) {
            int from = (oldest + i) % SAMPLES;
            int to = (from + 1) % SAMPLES;
            long nanos = times[to] - times[from];
            long requests = Math.max(0, counts[to] - counts[from]);
            perSecond[i] = nanos <= 0 ? 0 : requests * 1e9 / nanos;
        }
        rates = new Rates(perSecond);
    }

    /** The rates as of the last sample. */
    Rates rates() {
        return rates;
    }

    /**
     * Requests per second in each interval between consecutive samples, oldest first; empty until two samples
     * exist.
     */
    static final class Rates {

        private final double[] perSecond;

        Rates(double[] perSecond) {
            this.perSecond = perSecond;
        }

        int size() {
            return perSecond.length;
        }

        double get(int index) {
            return perSecond[index];
        }

        double max() {
            return Arrays.stream(perSecond).max().orElse(0);
        }

        /** The most recent interval's rate; 0 when there is none. */
        double latest() {
            return perSecond.length == 0 ? 0 : perSecond[perSecond.length - 1];
        }
    }
}
