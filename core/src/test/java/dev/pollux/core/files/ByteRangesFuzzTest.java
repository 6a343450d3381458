package dev.pollux.core.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.pollux.core.files.ByteRanges.Kind;
import dev.pollux.core.files.ByteRanges.Range;
import dev.pollux.core.files.ByteRanges.Result;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Fuzzes the {@code Range} header of a static GET against files of several lengths and {@code MaxRanges}
 * settings: every header is decided, never an exception, and a 206 sends only bytes of the file, each at most
 * once, in no more parts than allowed. The seed corpus is {@code ByteRangesFuzzTestInputs/}; every build runs it.
 */
class ByteRangesFuzzTest {

    private static final long[] LENGTHS = {0, 1, 100, 10_240, Long.MAX_VALUE};
    private static final int[] MAX_RANGES = {0, 1, 2, 200, Integer.MAX_VALUE};

    @FuzzTest(maxDuration = "10m")
    void sendsEachByteOfTheFileAtMostOnce(byte[] input) {
        String header = new String(input, StandardCharsets.ISO_8859_1);
        for (long length : LENGTHS) {
            for (int maxRanges : MAX_RANGES) {
                check(header, length, maxRanges, ByteRanges.parse(header, length, maxRanges));
            }
        }
    }

    private static void check(String header, long length, int maxRanges, Result result) {
        String label = header + " of " + length + ", at most " + maxRanges;
        if (maxRanges == 0) {
            assertEquals(Kind.WHOLE, result.kind(), label);
        }
        if (result.kind() != Kind.PARTIAL) {
            assertTrue(result.ranges().isEmpty(), label);
            return;
        }
        assertFalse(result.ranges().isEmpty(), label);
        assertTrue(result.ranges().size() <= maxRanges, label);
        List<Range> sorted = new ArrayList<>(result.ranges());
        sorted.sort(Comparator.comparingLong(Range::first));
        long sent = 0;
        for (int i = 0; i < sorted.size(); i++) {
            Range range = sorted.get(i);
            assertTrue(range.first() >= 0 && range.first() <= range.last() && range.last() < length, label);
            assertTrue(i == 0 || sorted.get(i - 1).last() + 1 < range.first(), label + ": overlap or touch");
            sent += range.length();
        }
        assertTrue(sent <= length, label);
    }
}
