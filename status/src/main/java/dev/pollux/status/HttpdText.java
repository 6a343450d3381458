package dev.pollux.status;

import dev.pollux.core.Version;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** The small phrases mod_status builds by hand: its dates, uptime words and byte sizes. Pure functions. */
final class HttpdText {

    /**
     * httpd's {@code ap_get_server_description()}: the product token and the platform in parentheses. It must
     * stay {@code Name/X.Y.Z ...}: apache_exporter panics on a version without a slash or three parts.
     */
    static final String SERVER_DESCRIPTION = Version.SERVER_TOKEN
            + (System.getProperty("os.name", "").startsWith("Windows") ? " (Win64)" : " (Unix)");

    private static final long KBYTE = 1024;
    private static final long MBYTE = 1024 * 1024;
    private static final long GBYTE = 1024 * 1024 * 1024;

    /** mod_status's {@code DEFAULT_TIME_FORMAT} {@code "%A, %d-%b-%Y %H:%M:%S %Z"}, in local time. */
    private static final DateTimeFormatter TIME_FORMAT =
            DateTimeFormatter.ofPattern("EEEE, dd-MMM-yyyy HH:mm:ss zzz", Locale.ENGLISH);

    private HttpdText() {
    }

    /**
     * {@code Sunday, 22-Nov-2026 09:14:09 UTC} in {@code zone}. A bare zero offset is named {@code UTC}, as
     * strftime's {@code %Z} names it, rather than Java's {@code Z}.
     */
    static String time(Instant instant, ZoneId zone) {
        ZoneId named = zone.equals(ZoneOffset.UTC) ? ZoneId.of("UTC") : zone;
        return TIME_FORMAT.format(instant.atZone(named));
    }

    /**
     * mod_status's {@code show_time}: {@code " 1 day 2 hours 3 minutes 4 seconds"}, each part led by a space,
     * zero parts left out, so zero seconds is the empty string.
     */
    static String uptime(long seconds) {
        StringBuilder out = new StringBuilder(48);
        part(out, seconds / 86_400, "day");
        part(out, seconds / 3_600 % 24, "hour");
        part(out, seconds / 60 % 60, "minute");
        part(out, seconds % 60, "second");
        return out.toString();
    }

    private static void part(StringBuilder out, long count, String unit) {
        if (count != 0) {
            out.append(' ').append(count).append(' ').append(unit);
            if (count != 1) {
                out.append('s');
            }
        }
    }

    /** mod_status's {@code format_byte_out}: {@code 812 B}, {@code 27.3 kB}, {@code 1.5 MB}, {@code 2.0 GB}. */
    static String bytes(long bytes) {
        if (bytes < 5 * KBYTE) {
            return bytes + " B";
        }
        if (bytes < MBYTE / 2) {
            return AprFormat.f((float) bytes / KBYTE, 1) + " kB";
        }
        if (bytes < GBYTE / 2) {
            return AprFormat.f((float) bytes / MBYTE, 1) + " MB";
        }
        return AprFormat.f((float) bytes / GBYTE, 1) + " GB";
    }

    /** mod_status's {@code format_kbyte_out}, for "Total Traffic": {@code 812 kB}, {@code 57.5 GB}. */
    static String kilobytes(long kilobytes) {
        if (kilobytes < KBYTE) {
            return kilobytes + " kB";
        }
        if (kilobytes < MBYTE) {
            return AprFormat.f((float) kilobytes / KBYTE, 1) + " MB";
        }
        return AprFormat.f((float) kilobytes / MBYTE, 1) + " GB";
    }
}
