package dev.pollux.core.files;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The {@code Range} header of a GET for a file of known length (RFC 9110 §14), decided as httpd's byterange
 * filter decides it: which bytes to send, or a whole 200, or 416.
 *
 * <p>A server may always ignore {@code Range} (§14.2), so every doubt ends in {@link Kind#WHOLE}: no header, a
 * unit other than {@code bytes}, a header that does not fit the grammar of §14.1.1 anywhere, or more satisfiable
 * ranges than {@code MaxRanges} allows (httpd's answer to CVE-2011-3192, where thousands of overlapping ranges
 * made one small request cost a multipart response many times the file's size). Ranges that overlap or touch are
 * merged, as httpd merges them (§15.3.7.2 allows it), so no byte is sent twice and the parts together never
 * exceed the file.
 *
 * <p>Stateless; any thread may call it.
 */
public final class ByteRanges {

    private static final String UNIT = "bytes=";

    private ByteRanges() {
    }

    /** What the response is: the whole file (200), some of its bytes (206), or none of them (416). */
    public enum Kind { WHOLE, PARTIAL, UNSATISFIABLE }

    /**
     * Bytes {@code first} to {@code last} of the file, both inclusive, as {@code Content-Range} counts them
     * (§14.4).
     */
    public record Range(long first, long last) {

        public Range {
            if (first < 0 || last < first) {
                throw new IllegalArgumentException("not a byte range: " + first + "-" + last);
            }
        }

        /** How many bytes the range holds. */
        public long length() {
            return last - first + 1;
        }
    }

    /**
     * The decision for one request: {@code ranges} is empty unless {@code kind} is {@link Kind#PARTIAL}, and then
     * holds the ranges in the order to send them, none overlapping or touching another.
     */
    public record Result(Kind kind, List<Range> ranges) {

        static final Result WHOLE = new Result(Kind.WHOLE, List.of());
        static final Result UNSATISFIABLE = new Result(Kind.UNSATISFIABLE, List.of());

        public Result {
            ranges = List.copyOf(ranges);
            if (ranges.isEmpty() == (kind == Kind.PARTIAL)) {
                throw new IllegalArgumentException(kind + " with " + ranges.size() + " ranges");
            }
        }
    }

    /**
     * Decides {@code rangeHeader} (null when absent) for a file of {@code length} bytes, allowing at most
     * {@code maxRanges} satisfiable ranges: {@code 0} ignores every {@code Range}, as httpd's
     * {@code MaxRanges none}; {@link Integer#MAX_VALUE} is unlimited.
     *
     * <p>The limit counts the satisfiable ranges as the client wrote them, before merging, so parsing stops as
     * soon as it is passed: the work done is bounded by the limit whatever the header holds. Optional whitespace
     * is accepted around every list element, including before the first (as httpd and nginx accept
     * {@code bytes= 0-1}), but never inside one.
     */
    public static Result parse(String rangeHeader, long length, int maxRanges) {
        if (length < 0 || maxRanges < 0) {
            throw new IllegalArgumentException("length " + length + ", maxRanges " + maxRanges);
        }
        if (maxRanges == 0 || rangeHeader == null || !rangeHeader.regionMatches(true, 0, UNIT, 0, UNIT.length())) {
            return Result.WHOLE;
        }
        List<Range> satisfiable = satisfiable(rangeHeader, length, maxRanges);
        if (satisfiable == null) {
            return Result.WHOLE;
        }
        return satisfiable.isEmpty() ? Result.UNSATISFIABLE : new Result(Kind.PARTIAL, coalesce(satisfiable));
    }

    /**
     * The satisfiable ranges of the range-set after the unit, in the client's order, or null when the header is
     * to be ignored: an element that is not a range-spec, no element at all ({@code 1#range-spec}, with the empty
     * elements of RFC 9110 §5.6.1.2 skipped), or more than {@code maxRanges} satisfiable ones.
     */
    private static List<Range> satisfiable(String header, long length, int maxRanges) {
        List<Range> satisfiable = new ArrayList<>();
        boolean anySpec = false;
        int start = UNIT.length();
        while (start <= header.length()) {
            int comma = header.indexOf(',', start);
            int end = comma < 0 ? header.length() : comma;
            int from = skipOws(header, start, end);
            if (from < end) {
                Spec spec = spec(header, from, trimOws(header, from, end));
                if (spec == null) {
                    return null;
                }
                anySpec = true;
                Range range = spec.satisfy(length);
                if (range != null) {
                    satisfiable.add(range);
                }
                if (satisfiable.size() > maxRanges) {
                    return null;
                }
            }
            start = end + 1;
        }
        return anySpec ? satisfiable : null;
    }

    /** The {@code Content-Range} of one part of a 206 (RFC 9110 §14.4): {@code bytes 0-99/1000}. */
    public static String contentRange(Range range, long length) {
        return "bytes " + range.first() + "-" + range.last() + "/" + length;
    }

    /** The {@code Content-Range} of a 416 (RFC 9110 §14.4, §15.5.17): <code>bytes &#42;/1000</code>. */
    public static String unsatisfied(long length) {
        return "bytes */" + length;
    }

    /**
     * The ranges in the client's order when no two overlap or touch; otherwise sorted and merged (RFC 9110
     * §15.3.7.2 lets a server coalesce ranges whatever order they were asked in), so no byte is sent twice.
     */
    private static List<Range> coalesce(List<Range> ranges) {
        List<Range> sorted = new ArrayList<>(ranges);
        sorted.sort(Comparator.comparingLong(Range::first));
        List<Range> merged = new ArrayList<>();
        Range current = sorted.get(0);
        for (Range next : sorted.subList(1, sorted.size())) {
            // last is below the file's length, so last + 1 cannot overflow.
            if (next.first() <= current.last() + 1) {
                current = new Range(current.first(), Math.max(current.last(), next.last()));
            } else {
                merged.add(current);
                current = next;
            }
        }
        merged.add(current);
        return merged.size() == ranges.size() ? ranges : merged;
    }

    /** One {@code range-spec} of §14.1.1 as written, before the file's length is known to it. */
    private sealed interface Spec permits IntRange, SuffixRange {

        /** The bytes it names in a file of {@code length} bytes, or null when it is not satisfiable there. */
        Range satisfy(long length);
    }

    /** {@code first-pos "-" [ last-pos ]}; an absent last-pos is {@link Long#MAX_VALUE}, the end of any file. */
    private record IntRange(long first, long last) implements Spec {

        @Override
        public Range satisfy(long length) {
            return first < length ? new Range(first, Math.min(last, length - 1)) : null;
        }
    }

    /** {@code "-" suffix-length}: the last bytes of the file, all of it when it is shorter. */
    private record SuffixRange(long suffixLength) implements Spec {

        @Override
        public Range satisfy(long length) {
            // §14.1.1: a suffix-length of 0 is unsatisfiable, and so is any suffix of an empty file.
            return suffixLength > 0 && length > 0 ? new Range(Math.max(0, length - suffixLength), length - 1) : null;
        }
    }

    /**
     * Parses {@code value[from, to)}, one non-empty list element, or returns null when it is not a range-spec
     * (including an int-range whose last-pos is below its first-pos, which §14.1.1 calls invalid).
     */
    private static Spec spec(String value, int from, int to) {
        int dash = value.indexOf('-', from);
        if (dash < 0 || dash >= to) {
            return null;
        }
        if (dash == from) {
            long suffixLength = digits(value, from + 1, to);
            return suffixLength < 0 ? null : new SuffixRange(suffixLength);
        }
        long first = digits(value, from, dash);
        long last = dash + 1 == to ? Long.MAX_VALUE : digits(value, dash + 1, to);
        return first < 0 || last < first ? null : new IntRange(first, last);
    }

    /**
     * The value of the {@code 1*DIGIT} in {@code value[from, to)}, or -1 when it is empty or holds anything but
     * ASCII digits. A value past {@link Long#MAX_VALUE} saturates there: no file is that long, so such a
     * first-pos is unsatisfiable and such a last-pos or suffix-length means the whole rest of the file.
     */
    private static long digits(String value, int from, int to) {
        if (from == to) {
            return -1;
        }
        long result = 0;
        for (int i = from; i < to; i++) {
            int digit = value.charAt(i) - '0';
            if (digit < 0 || digit > 9) {
                return -1;
            }
            result = result > (Long.MAX_VALUE - digit) / 10 ? Long.MAX_VALUE : result * 10 + digit;
        }
        return result;
    }

    /** The first index in {@code [from, to)} that is not OWS (SP or HTAB, RFC 9110 §5.6.3), or {@code to}. */
    private static int skipOws(String value, int from, int to) {
        int i = from;
        while (i < to && isOws(value.charAt(i))) {
            i++;
        }
        return i;
    }

    /** The end of {@code value[from, to)} without its trailing OWS. */
    private static int trimOws(String value, int from, int to) {
        int i = to;
        while (i > from && isOws(value.charAt(i - 1))) {
            i--;
        }
        return i;
    }

    private static boolean isOws(char c) {
        return c == ' ' || c == '\t';
    }
}
