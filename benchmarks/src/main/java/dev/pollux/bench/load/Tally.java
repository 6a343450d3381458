package dev.pollux.bench.load;

import java.util.Arrays;
import java.util.Locale;

/** Counters and response times of one measured window. Response times are kept whole and sorted at the end. */
final class Tally {

    long requests;
    long responses;
    long badStatus;
    long serverClosed;
    long connectFailed;
    long timeouts;
    long late;
    long failed;

    private long[] latencies = new long[16 * 1024];
    private int count;

    void latency(long nanos) {
        if (count == latencies.length) {
            latencies = Arrays.copyOf(latencies, count * 2);
        }
        latencies[count++] = nanos;
    }

    /**
     * The RESULT line's measurements, as {@code key=value} pairs; times in milliseconds.
     *
     * @param windowNanos the window's length, for the request rate
     */
    String format(long windowNanos) {
        long[] sorted = Arrays.copyOf(latencies, count);
        Arrays.sort(sorted);
        double seconds = windowNanos / 1e9;
        return String.format(Locale.ROOT,
                "window_s=%.1f requests=%d responses=%d rps=%.1f p50_ms=%.3f p99_ms=%.3f max_ms=%.3f"
                        + " server_closed=%d connect_failed=%d timeouts=%d late=%d failed=%d bad_status=%d",
                seconds, requests, responses, responses / seconds, millis(sorted, 0.50), millis(sorted, 0.99),
                millis(sorted, 1.0), serverClosed, connectFailed, timeouts, late, failed, badStatus);
    }

    private static double millis(long[] sorted, double quantile) {
        if (sorted.length == 0) {
            return 0;
        }
        int rank = (int) Math.ceil(quantile * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(rank, sorted.length - 1))] / 1e6;
    }
}
