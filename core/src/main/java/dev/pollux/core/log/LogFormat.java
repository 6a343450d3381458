package dev.pollux.core.log;

import java.time.ZoneId;
import java.util.List;
import java.util.Objects;

/**
 * An httpd {@code LogFormat} string compiled once into a list of items, so that formatting a line is one pass
 * of appends with no parsing. Supports {@code %h %a %l %u %t %r %m %U %q %H %>s %s %b %B %D %T %v %p},
 * {@code %{Name}i}, {@code %{Name}o}, {@code %%} and literal text, and the nicknames {@code common} and
 * {@code combined} that httpd's default configuration defines.
 *
 * <p>Immutable; {@link #format} may be called from any thread (in the server only the access-log thread does).
 */
public final class LogFormat {

    /** httpd's Common Log Format. */
    static final String COMMON = "%h %l %u %t \"%r\" %>s %b";
    /** httpd's combined format: CLF plus referrer and user agent. */
    static final String COMBINED = COMMON + " \"%{Referer}i\" \"%{User-Agent}i\"";

    private final String pattern;
    private final List<LogItem> items;

    private LogFormat(String pattern, List<LogItem> items) {
        this.pattern = pattern;
        this.items = items;
    }

    /**
     * Compiles {@code format}, {@code common}, {@code combined} or a LogFormat string; {@code %t} uses the JVM's
     * time zone.
     *
     * @throws IllegalArgumentException with a short message naming an unknown directive or a dangling {@code %}
     */
    public static LogFormat parse(String format) {
        return parse(format, ZoneId.systemDefault());
    }

    /** As {@link #parse(String)}, with {@code %t} in {@code zone}. */
    static LogFormat parse(String format, ZoneId zone) {
        String pattern = switch (Objects.requireNonNull(format, "format")) {
            case "common" -> COMMON;
            case "combined" -> COMBINED;
            default -> format;
        };
        return new LogFormat(pattern, new LogFormatParser(pattern, zone).parse());
    }

    /** Appends the line for {@code entry}, without a line terminator, to {@code out}. */
    public void format(AccessLogEntry entry, StringBuilder out) {
        for (LogItem item : items) {
            item.append(entry, out);
        }
    }

    /** The format string, nicknames expanded. */
    @Override
    public String toString() {
        return pattern;
    }
}
