package dev.pollux.core.http;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.handler.codec.DateFormatter;
import java.util.Date;
import org.junit.jupiter.api.Test;

class HttpDateTest {

    /** RFC 9110 §5.6.7 IMF-fixdate: {@code Sun, 06 Nov 1994 08:49:37 GMT}. */
    private static final String IMF_FIXDATE =
            "(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \\d{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \\d{4}"
                    + " \\d{2}:\\d{2}:\\d{2} GMT";

    @Test
    void formatsAsImfFixdate() {
        String now = HttpDate.now();
        assertTrue(now.matches(IMF_FIXDATE), now);
    }

    @Test
    void parsesBackToTheCurrentSecond() {
        long before = System.currentTimeMillis() / 1000 * 1000;
        String now = HttpDate.now();
        long after = System.currentTimeMillis();
        Date parsed = DateFormatter.parseHttpDate(now);
        assertNotNull(parsed, now);
        assertTrue(parsed.getTime() >= before && parsed.getTime() <= after,
                now + " is not between " + new Date(before) + " and " + new Date(after));
        assertTrue(parsed.getTime() % 1000 == 0, "whole seconds");
    }
}
