package dev.pollux.core.log;

import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

/**
 * Compiles one {@code LogFormat} string into {@link LogItem}s, merging adjacent literal text into one item.
 * Single use, on the thread that reads the configuration.
 */
final class LogFormatParser {

    private final String format;
    private final ZoneId zone;
    private final List<LogItem> items = new ArrayList<>();
    private final StringBuilder literal = new StringBuilder();
    private int pos;

    LogFormatParser(String format, ZoneId zone) {
        this.format = format;
        this.zone = zone;
    }

    /** @throws IllegalArgumentException naming an unknown directive or a dangling {@code %} */
    List<LogItem> parse() {
        while (pos < format.length()) {
            char c = format.charAt(pos++);
            if (c == '%') {
                directive(pos - 1);
            } else {
                literal.append(c);
            }
        }
        endLiteral();
        return List.copyOf(items);
    }

    private void directive(int start) {
        if (pos == format.length()) {
            throw new IllegalArgumentException("dangling % at the end of the format");
        }
        char c = format.charAt(pos++);
        switch (c) {
            case '%' -> literal.append('%');
            case '{' -> header(start);
            case '>' -> finalStatus(start);
            case 't' -> add(new RequestTimeItem(zone));
            default -> {
                LogItem item = LogItems.directive(c);
                if (item == null) {
                    throw unknown(start);
                }
                add(item);
            }
        }
    }

    /** {@code %{Name}i} or {@code %{Name}o}; no other letter takes an argument here. */
    private void header(int start) {
        int close = format.indexOf('}', pos);
        if (close < 0) {
            throw new IllegalArgumentException("unterminated " + format.substring(start));
        }
        String name = format.substring(pos, close);
        pos = close + 1;
        char kind = pos < format.length() ? format.charAt(pos++) : 0;
        if (kind != 'i' && kind != 'o') {
            throw unknown(start);
        }
        if (name.isEmpty()) {
            throw new IllegalArgumentException("no header name in " + format.substring(start, pos));
        }
        add(LogItems.header(name, kind == 'i'));
    }

    /** {@code %>s}: httpd's final status; Pollux has no internal redirects, so it equals {@code %s}. */
    private void finalStatus(int start) {
        if (pos == format.length() || format.charAt(pos++) != 's') {
            throw unknown(start);
        }
        add(LogItems.directive('s'));
    }

    private IllegalArgumentException unknown(int start) {
        return new IllegalArgumentException("unknown LogFormat directive " + format.substring(start, pos));
    }

    private void add(LogItem item) {
        endLiteral();
        items.add(item);
    }

    private void endLiteral() {
        if (!literal.isEmpty()) {
            items.add(LogItems.literal(literal.toString()));
            literal.setLength(0);
        }
    }
}
