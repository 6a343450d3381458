package dev.pollux.core.log;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * {@code %t}: the time the request arrived in httpd's format, {@code [10/Oct/2000:13:55:36 -0700]}, in a fixed
 * time zone. Formatting a date costs far more than the rest of a line, and a busy server logs many requests per
 * second, so the text of the last second is kept, as httpd's {@code cached_request_time} does.
 *
 * <p>Any thread: the cache is one immutable pair behind a volatile field, so a race costs a second formatting,
 * never a wrong time.
 */
final class RequestTimeItem implements LogItem {

    private static final String PATTERN = "dd/MMM/yyyy:HH:mm:ss Z";

    private final DateTimeFormatter formatter;
    private volatile CachedSecond cached = new CachedSecond(Long.MIN_VALUE, "");

    RequestTimeItem(ZoneId zone) {
        // English month names whatever the JVM's locale, as httpd's apr_month_snames.
        this.formatter = DateTimeFormatter.ofPattern(PATTERN, Locale.US).withZone(zone);
    }

    @Override
    public void append(AccessLogEntry entry, StringBuilder out) {
        long second = Math.floorDiv(entry.requestMillis(), 1000L);
        CachedSecond last = cached;
        if (last.epochSecond() != second) {
            last = new CachedSecond(second, '[' + formatter.format(Instant.ofEpochSecond(second)) + ']');
            cached = last;
        }
        out.append(last.text());
    }

    private record CachedSecond(long epochSecond, String text) {
    }
}
