package dev.pollux.mpm.dns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class NameCacheTest {

    private static final Duration HOUR = Duration.ofHours(1);

    @Test
    @Timeout(10)
    void claimsAnAddressOnceUntilItsAnswerOrRelease() throws UnknownHostException {
        NameCache cache = new NameCache(10);
        InetAddress a = address(1);
        assertTrue(cache.claim(a));
        assertFalse(cache.claim(a), "in flight");
        cache.release(a);
        assertTrue(cache.claim(a), "released");
        cache.put(a, null, HOUR);
        assertFalse(cache.claim(a), "no name, remembered");
        assertNull(cache.nameOf(a));
    }

    @Test
    @Timeout(10)
    void evictsAnExpiredEntryFirst() throws UnknownHostException {
        NameCache cache = new NameCache(2);
        cache.put(address(1), "old", Duration.ZERO);
        cache.put(address(2), "two", HOUR);
        cache.put(address(3), "three", HOUR);
        assertEquals("two", cache.nameOf(address(2)));
        assertEquals("three", cache.nameOf(address(3)));
    }

    @Test
    @Timeout(10)
    void staysWithinItsSize() throws UnknownHostException {
        NameCache cache = new NameCache(2);
        for (int i = 1; i <= 3; i++) {
            cache.put(address(i), "n" + i, HOUR);
        }
        long known = Stream.of(address(1), address(2), address(3)).filter(a -> cache.nameOf(a) != null).count();
        assertEquals(2, known);
    }

    @Test
    @Timeout(10)
    void refusesToClaimBeyondItsSizeInFlight() throws UnknownHostException {
        NameCache cache = new NameCache(1);
        assertTrue(cache.claim(address(1)));
        assertFalse(cache.claim(address(2)), "one lookup in flight already");
    }

    private static InetAddress address(int last) throws UnknownHostException {
        return InetAddress.getByAddress(new byte[] {10, 0, 0, (byte) last});
    }
}
