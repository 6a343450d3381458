package dev.pollux.core.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pollux.core.files.ByteRanges.Kind;
import dev.pollux.core.files.ByteRanges.Range;
import dev.pollux.core.files.ByteRanges.Result;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ByteRangesTest {

    private static final int MAX_RANGES = 200;
    private static final long KIB_10 = 10 * 1024;

    /** A header that names some bytes of a file of {@code length}, and the ranges to send, in order. */
    record Partial(String header, long length, List<Range> ranges) {
        @Override
        public String toString() {
            return header + " of " + length + " -> " + ranges;
        }
    }

    /** A header for a file of {@code length} that must get the whole file, and why. */
    record Whole(String header, long length, String why) {
        @Override
        public String toString() {
            return header + " of " + length + " (" + why + ")";
        }
    }

    /** A valid header for a file of {@code length} none of whose ranges it can satisfy, and why. */
    record Unsatisfiable(String header, long length, String why) {
        @Override
        public String toString() {
            return header + " of " + length + " (" + why + ")";
        }
    }

    private static Range range(long first, long last) {
        return new Range(first, last);
    }

    static Stream<Partial> partialRanges() {
        return Stream.of(
                new Partial("bytes=0-0", 1000, List.of(range(0, 0))),
                new Partial("bytes=0-99", 1000, List.of(range(0, 99))),
                new Partial("bytes=0-", 1000, List.of(range(0, 999))),
                new Partial("bytes=500-", 1000, List.of(range(500, 999))),
                new Partial("bytes=-500", 1000, List.of(range(500, 999))),
                new Partial("bytes=-5000", 1000, List.of(range(0, 999))),
                new Partial("bytes=900-5000", 1000, List.of(range(900, 999))),
                new Partial("bytes=00-0099", 1000, List.of(range(0, 99))),
                new Partial("bytes=0-99999999999999999999", 1000, List.of(range(0, 999))),
                new Partial("bytes=-99999999999999999999", 1000, List.of(range(0, 999))),
                new Partial("bytes=0-", 1, List.of(range(0, 0))),
                new Partial("bytes=-1", 1, List.of(range(0, 0))),
                new Partial("BYTES=0-1", 1000, List.of(range(0, 1))),
                new Partial("Bytes=0-1", 1000, List.of(range(0, 1))),
                new Partial("bytes=0-1,5-6", 1000, List.of(range(0, 1), range(5, 6))),
                new Partial("bytes=5-6,0-1", 1000, List.of(range(5, 6), range(0, 1))),
                new Partial("bytes=0-0,-1", 1000, List.of(range(0, 0), range(999, 999))),
                new Partial("bytes=0-1,2-3", 1000, List.of(range(0, 3))),
                new Partial("bytes=0-10,5-20", 1000, List.of(range(0, 20))),
                new Partial("bytes=5-20,0-10", 1000, List.of(range(0, 20))),
                new Partial("bytes=0-5,3-4", 1000, List.of(range(0, 5))),
                new Partial("bytes=10-20,0-5,15-30", 1000, List.of(range(0, 5), range(10, 30))),
                new Partial("bytes=0-499,-500", 1000, List.of(range(0, 999))),
                new Partial("bytes=0-1,,5-6", 1000, List.of(range(0, 1), range(5, 6))),
                new Partial("bytes=,0-1", 1000, List.of(range(0, 1))),
                new Partial("bytes=0-1,", 1000, List.of(range(0, 1))),
                new Partial("bytes=0-1 , 5-6", 1000, List.of(range(0, 1), range(5, 6))),
                new Partial("bytes=0-1,\t5-6\t", 1000, List.of(range(0, 1), range(5, 6))),
                new Partial("bytes= 0-1", 1000, List.of(range(0, 1))),
                new Partial("bytes=0-1,2000-3000", 1000, List.of(range(0, 1))),
                new Partial("bytes=0-1,-0", 1000, List.of(range(0, 1))),
                new Partial("bytes=9223372036854775806-", Long.MAX_VALUE,
                        List.of(range(Long.MAX_VALUE - 1, Long.MAX_VALUE - 1))));
    }

    static Stream<Whole> wholeFile() {
        return Stream.of(
                new Whole(null, 1000, "no Range header"),
                new Whole("", 1000, "empty header"),
                new Whole("bytes", 1000, "unit without ="),
                new Whole("bytes 0-1", 1000, "space instead of ="),
                new Whole("bytes =0-1", 1000, "space before ="),
                new Whole("items=0-1", 1000, "other unit"),
                new Whole("bytesx=0-1", 1000, "longer unit"),
                new Whole("bytes=", 1000, "no range-spec"),
                new Whole("bytes=,", 1000, "only an empty element"),
                new Whole("bytes= , ,", 1000, "only empty elements"),
                new Whole("bytes=1", 1000, "no dash"),
                new Whole("bytes=-", 1000, "neither position"),
                new Whole("bytes=1-0", 1000, "last-pos below first-pos"),
                new Whole("bytes=0-1,1-0", 1000, "one invalid range among valid ones"),
                new Whole("bytes=0-1,x", 1000, "one non-range element"),
                new Whole("bytes=+1-2", 1000, "signed first-pos"),
                new Whole("bytes=0-+2", 1000, "signed last-pos"),
                new Whole("bytes=--1", 1000, "negative suffix-length"),
                new Whole("bytes=-1-2", 1000, "suffix-range with a second dash"),
                new Whole("bytes=1--2", 1000, "negative last-pos"),
                new Whole("bytes=0-1-2", 1000, "three positions"),
                new Whole("bytes=0 - 1", 1000, "whitespace inside a range-spec"),
                new Whole("bytes=0-1;x", 1000, "parameter after a range-spec"),
                new Whole("bytes=0x10-20", 1000, "hex digits"),
                new Whole("bytes=0.5-1", 1000, "decimal point"),
                new Whole("bytes=\u0661-\u0662", 1000, "non-ASCII digits"),
                new Whole("bytes=1000-0", 1000, "reversed and beyond the end"));
    }

    static Stream<Unsatisfiable> unsatisfiable() {
        return Stream.of(
                new Unsatisfiable("bytes=1000-", 1000, "first-pos at the length"),
                new Unsatisfiable("bytes=1000-2000", 1000, "range past the end"),
                new Unsatisfiable("bytes=-0", 1000, "zero suffix-length"),
                new Unsatisfiable("bytes=99999999999999999999-", 1000, "first-pos beyond any long"),
                new Unsatisfiable("bytes=1000-, 2000-3000, -0", 1000, "every range unsatisfiable"),
                new Unsatisfiable("bytes=0-", 0, "empty file"),
                new Unsatisfiable("bytes=0-0", 0, "empty file"),
                new Unsatisfiable("bytes=-1", 0, "suffix of an empty file"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("partialRanges")
    void sendsTheSatisfiableRanges(Partial c) {
        assertEquals(new Result(Kind.PARTIAL, c.ranges()), ByteRanges.parse(c.header(), c.length(), MAX_RANGES));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("wholeFile")
    void ignoresAbsentForeignOrInvalidHeader(Whole c) {
        assertEquals(Result.WHOLE, ByteRanges.parse(c.header(), c.length(), MAX_RANGES));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("unsatisfiable")
    void answersUnsatisfiableWhenNoRangeIsInTheFile(Unsatisfiable c) {
        assertEquals(Result.UNSATISFIABLE, ByteRanges.parse(c.header(), c.length(), MAX_RANGES));
    }

    @Test
    void ignoresEveryRangeWhenMaxRangesIsZero() {
        assertEquals(Result.WHOLE, ByteRanges.parse("bytes=0-1", 1000, 0));
        assertEquals(Result.WHOLE, ByteRanges.parse("bytes=5000-", 1000, 0));
    }

    @Test
    void sendsWholeFileWhenSatisfiableRangesExceedMaxRanges() {
        assertEquals(Result.WHOLE, ByteRanges.parse("bytes=0-1,5-6", 1000, 1));
        assertEquals(Kind.PARTIAL, ByteRanges.parse("bytes=0-1,5-6", 1000, 2).kind());
    }

    @Test
    void countsOnlySatisfiableRangesAgainstMaxRanges() {
        Result result = ByteRanges.parse("bytes=0-1,5000-6000,-0", 1000, 1);
        assertEquals(List.of(range(0, 1)), result.ranges());
    }

    @Test
    void countsRangesBeforeMergingThem() {
        assertEquals(Result.WHOLE, ByteRanges.parse("bytes=0-1,0-2,0-3", 1000, 2));
    }

    @Test
    void sendsWholeFileForThousandDisjointRangesOverTheLimit() {
        String header = "bytes=" + IntStream.range(0, 1000).mapToObj(i -> (2 * i) + "-" + (2 * i))
                .collect(Collectors.joining(","));
        assertEquals(Result.WHOLE, ByteRanges.parse(header, KIB_10, MAX_RANGES));
    }

    @Test
    void mergesThousandOverlappingRangesIntoOne() {
        String header = "bytes=" + IntStream.rangeClosed(1, 1000).mapToObj(i -> "0-" + i)
                .collect(Collectors.joining(","));
        Result result = ByteRanges.parse(header, KIB_10, 1000);
        long sent = result.ranges().stream().mapToLong(Range::length).sum();
        assertTrue(sent <= 2 * KIB_10, sent + " bytes for a file of " + KIB_10);
        assertEquals(List.of(range(0, 1000)), result.ranges());
    }

    @Test
    void keepsTheClientsOrderOfDisjointRanges() {
        Result result = ByteRanges.parse("bytes=-10,0-9,100-199", 1000, MAX_RANGES);
        assertEquals(List.of(range(990, 999), range(0, 9), range(100, 199)), result.ranges());
    }

    @Test
    void refusesNegativeLengthOrLimit() {
        assertThrows(IllegalArgumentException.class, () -> ByteRanges.parse("bytes=0-1", -1, MAX_RANGES));
        assertThrows(IllegalArgumentException.class, () -> ByteRanges.parse("bytes=0-1", 1000, -1));
    }

    @Test
    void rangeLengthCountsBothEnds() {
        assertEquals(100, range(0, 99).length());
        assertEquals(1, range(7, 7).length());
        assertThrows(IllegalArgumentException.class, () -> range(5, 4));
        assertThrows(IllegalArgumentException.class, () -> range(-1, 4));
    }

    @Test
    void resultHoldsRangesOnlyWhenPartial() {
        assertThrows(IllegalArgumentException.class, () -> new Result(Kind.PARTIAL, List.of()));
        assertThrows(IllegalArgumentException.class, () -> new Result(Kind.WHOLE, List.of(range(0, 1))));
        Result result = ByteRanges.parse("bytes=0-1,5-6", 1000, MAX_RANGES);
        assertThrows(UnsupportedOperationException.class, () -> result.ranges().add(range(9, 9)));
    }

    @Test
    void formatsContentRangeOfAPartAndOfA416() {
        assertEquals("bytes 0-99/1000", ByteRanges.contentRange(range(0, 99), 1000));
        assertEquals("bytes 999-999/1000", ByteRanges.contentRange(range(999, 999), 1000));
        assertEquals("bytes */1000", ByteRanges.unsatisfied(1000));
        assertEquals("bytes */0", ByteRanges.unsatisfied(0));
    }
}
