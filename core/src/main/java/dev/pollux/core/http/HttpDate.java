package dev.pollux.core.http;

import io.netty.handler.codec.DateFormatter;
import java.util.Date;

/**
 * The {@code Date} header value (RFC 9110 §6.6.1), formatted at most once a second however many responses
 * need it. Safe from any thread: a stale read only costs one extra formatting.
 */
public final class HttpDate {

    private record Stamp(long second, String text) {
    }

    private static volatile Stamp current = new Stamp(-1, "");

    private HttpDate() {
    }

    /** The current time as an IMF-fixdate, e.g. {@code Sun, 06 Nov 1994 08:49:37 GMT}. */
    public static String now() {
        long millis = System.currentTimeMillis();
        long second = millis / 1000;
        Stamp stamp = current;
        if (stamp.second != second) {
            stamp = new Stamp(second, DateFormatter.format(new Date(second * 1000)));
            current = stamp;
        }
        return stamp.text;
    }
}
