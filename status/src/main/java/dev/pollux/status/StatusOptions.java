package dev.pollux.status;

import java.util.OptionalLong;

/**
 * What a status request asks for. As mod_status does, each option is found by substring search anywhere in the
 * raw query, so {@code ?auto}, {@code ?x=auto} and {@code ?refresh=5&auto} all ask for the machine-readable
 * form and options combine. {@code metrics} wins over {@code json}, which wins over {@code auto}.
 *
 * @param format  the representation
 * @param notable {@code notable}: the per-worker details as paragraphs instead of a table (HTML only)
 * @param refresh {@code refresh[=N]}: the {@code Refresh} header's seconds, if asked for
 */
record StatusOptions(Format format, boolean notable, OptionalLong refresh) {

    /** mod_status's answer to {@code refresh} without a number, or with one below 1. */
    static final long DEFAULT_REFRESH_SECONDS = 10;

    /** The representations of the page. */
    enum Format {
        /** httpd's HTML page, the default. */
        HTML,
        /** {@code ?auto}: httpd's "Key: value" lines. */
        AUTO,
        /** {@code ?json}: the same data as a JSON object. */
        JSON,
        /** {@code ?metrics}: Prometheus text exposition format 0.0.4. */
        METRICS
    }

    /** Reads the options from a raw (still percent-encoded) query; empty means none. */
    static StatusOptions parse(String rawQuery) {
        Format format = rawQuery.contains("metrics") ? Format.METRICS
                : rawQuery.contains("json") ? Format.JSON
                : rawQuery.contains("auto") ? Format.AUTO
                : Format.HTML;
        return new StatusOptions(format, rawQuery.contains("notable"), refresh(rawQuery));
    }

    /** {@code refresh=N} read as C's {@code atol} reads N; missing, unreadable or below 1 means 10. */
    private static OptionalLong refresh(String query) {
        int at = query.indexOf("refresh");
        if (at < 0) {
            return OptionalLong.empty();
        }
        int next = at + "refresh".length();
        long seconds = next < query.length() && query.charAt(next) == '=' ? atol(query, next + 1) : 0;
        return OptionalLong.of(seconds < 1 ? DEFAULT_REFRESH_SECONDS : seconds);
    }

    /** C's {@code atol}: leading white space, an optional sign, then digits up to the first non-digit. */
    static long atol(String text, int from) {
        int i = from;
        while (i < text.length() && " \t\n\u000b\f\r".indexOf(text.charAt(i)) >= 0) {
            i++;
        }
        boolean negative = false;
        if (i < text.length() && (text.charAt(i) == '+' || text.charAt(i) == '-')) {
            negative = text.charAt(i) == '-';
            i++;
        }
        long value = 0;
        for (; i < text.length() && text.charAt(i) >= '0' && text.charAt(i) <= '9'; i++) {
            int digit = text.charAt(i) - '0';
            // glibc's strtol saturates instead of overflowing; so does this.
            value = value > (Long.MAX_VALUE - digit) / 10 ? Long.MAX_VALUE : value * 10 + digit;
        }
        return negative ? -value : value;
    }
}
