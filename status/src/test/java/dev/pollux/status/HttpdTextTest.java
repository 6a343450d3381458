package dev.pollux.status;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class HttpdTextTest {

    private static final Instant INSTANT = Instant.parse("2026-11-22T09:14:09Z");

    @Test
    void formatsTimesAsModStatusDefaultTimeFormat() {
        assertEquals("Sunday, 22-Nov-2026 09:14:09 UTC", HttpdText.time(INSTANT, ZoneId.of("UTC")));
        assertEquals("Sunday, 22-Nov-2026 10:14:09 CET", HttpdText.time(INSTANT, ZoneId.of("Europe/Berlin")));
    }

    @Test
    void namesTheUtcOffsetUtcLikeStrftime() {
        assertEquals("Sunday, 22-Nov-2026 09:14:09 UTC", HttpdText.time(INSTANT, ZoneOffset.UTC));
    }

    @Test
    void writesUptimeWithZeroUnitsOmittedAndPlurals() {
        assertEquals("", HttpdText.uptime(0));
        assertEquals(" 1 second", HttpdText.uptime(1));
        assertEquals(" 2 minutes 56 seconds", HttpdText.uptime(176));
        assertEquals(" 1 hour", HttpdText.uptime(3600));
        assertEquals(" 1 day 2 hours 3 minutes 4 seconds", HttpdText.uptime(86_400 + 2 * 3600 + 3 * 60 + 4));
        assertEquals(" 6 days 8 hours 27 minutes 13 seconds", HttpdText.uptime(6 * 86_400 + 8 * 3600 + 27 * 60 + 13));
    }

    @Test
    void scalesByteCountsAsFormatByteOut() {
        assertEquals("0 B", HttpdText.bytes(0));
        assertEquals("5119 B", HttpdText.bytes(5 * 1024 - 1));
        assertEquals("5.0 kB", HttpdText.bytes(5 * 1024));
        assertEquals("27.3 kB", HttpdText.bytes(27_955));
        assertEquals("0.5 MB", HttpdText.bytes(512 * 1024));
        assertEquals("0.5 GB", HttpdText.bytes(512L * 1024 * 1024));
    }

    @Test
    void scalesKilobyteCountsAsFormatKbyteOut() {
        assertEquals("1023 kB", HttpdText.kilobytes(1023));
        assertEquals("1.0 MB", HttpdText.kilobytes(1024));
        assertEquals("57.5 GB", HttpdText.kilobytes(60_293_120));
    }

    @Test
    void describesTheServerAsNameSlashThreeNumbers() {
        assertTrue(HttpdText.SERVER_DESCRIPTION.matches("Pollux/\\d+\\.\\d+\\.\\d+ \\((Unix|Win64)\\)"),
                HttpdText.SERVER_DESCRIPTION);
    }
}
