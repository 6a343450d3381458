package dev.pollux.mpm.http1;

import io.netty.buffer.ByteBuf;

/**
 * The strict syntax of a request head's lines (RFC 9112 §3 and §5), checked on the raw bytes before Netty's
 * decoder splits them, since the decoder forgives what matters here: it splits the request line at any run of
 * SP, HTAB, VT, FF or CR, and joins obs-folded field lines. What the decoder itself refuses strictly (bare LF,
 * field names that are not tokens, control bytes in field values, lines over the limits) is left to it.
 * Stateless; any thread.
 */
public final class HeadSyntax {

    private static final byte SP = ' ';
    private static final byte HTAB = '\t';
    private static final byte[] HTTP_SLASH = {'H', 'T', 'T', 'P', '/'};
    /** RFC 9110 §5.6.2 tchar, besides letters and digits. */
    private static final String TCHAR_SYMBOLS = "!#$%&'*+-.^_`|~";
    private static final boolean[] TCHAR = new boolean[128];

    static {
        for (int c = 0; c < 128; c++) {
            TCHAR[c] = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
                    || TCHAR_SYMBOLS.indexOf(c) >= 0;
        }
    }

    private HeadSyntax() {
    }

    /**
     * Checks {@code request-line = method SP request-target SP HTTP-version} in {@code line[from, to)}, its CRLF
     * already cut off: exactly one SP between the parts, a token for the method, visible ASCII or obs-text for the
     * target, and {@code HTTP/} DIGIT {@code .} DIGIT with a major version of at least 1.
     *
     * @return {@code null} if the line is well formed, else what is wrong with it
     */
    public static MalformedHeadException requestLine(ByteBuf line, int from, int to) {
        int methodEnd = tokenEnd(line, from, to);
        if (methodEnd == from) {
            return MalformedHeadException.badRequest(describe(line, from, to, "a method"));
        }
        if (methodEnd == to || line.getByte(methodEnd) != SP) {
            return MalformedHeadException.badRequest(describe(line, methodEnd, to, "one SP after the method"));
        }
        int targetStart = methodEnd + 1;
        int targetEnd = targetStart;
        while (targetEnd < to && isTargetByte(line.getByte(targetEnd))) {
            targetEnd++;
        }
        if (targetEnd == targetStart) {
            return MalformedHeadException.badRequest(describe(line, targetStart, to, "a request target"));
        }
        if (targetEnd == to) {
            return MalformedHeadException.http09Request();
        }
        if (line.getByte(targetEnd) != SP) {
            return MalformedHeadException.badRequest(describe(line, targetEnd, to, "one SP after the target"));
        }
        return version(line, targetEnd + 1, to);
    }

    /** {@code HTTP-version = "HTTP/" DIGIT "." DIGIT}, case-sensitive (RFC 9112 §2.3), not 0.x. */
    private static MalformedHeadException version(ByteBuf line, int from, int to) {
        boolean wellFormed = to - from == 8 && isDigit(line.getByte(from + 5)) && line.getByte(from + 6) == '.'
                && isDigit(line.getByte(from + 7));
        for (int i = 0; wellFormed && i < HTTP_SLASH.length; i++) {
            wellFormed = line.getByte(from + i) == HTTP_SLASH[i];
        }
        if (!wellFormed) {
            return MalformedHeadException.badRequest("malformed HTTP version");
        }
        if (line.getByte(from + 5) == '0') {
            return MalformedHeadException.badRequest("HTTP/0.x version in a request line");
        }
        return null;
    }

    /**
     * Checks a field line in {@code line[from, to)}, not empty and its CRLF cut off, for what the decoder would
     * otherwise accept: a line starting with whitespace, which is obs-fold (RFC 9112 §5.2: a server must reject
     * it or replace it; strict rejects) or, as the first field, an attempt to hide a field from a proxy.
     *
     * @return {@code null} if the line is acceptable, else what is wrong with it
     */
    public static MalformedHeadException fieldLine(ByteBuf line, int from, int to) {
        byte first = line.getByte(from);
        if (first == SP || first == HTAB) {
            return MalformedHeadException.badRequest("obs-fold or whitespace before a field line");
        }
        return null;
    }

    private static int tokenEnd(ByteBuf line, int from, int to) {
        int i = from;
        while (i < to && isTchar(line.getByte(i))) {
            i++;
        }
        return i;
    }

    private static boolean isTchar(byte b) {
        return b >= 0 && TCHAR[b];
    }

    /** RFC 9112 §3.2: a target is visible ASCII; obs-text (bytes from 0x80) is let through, as httpd does. */
    private static boolean isTargetByte(byte b) {
        return b < 0 || b > SP && b != 0x7f;
    }

    private static boolean isDigit(byte b) {
        return b >= '0' && b <= '9';
    }

    /** What was found at {@code at} where {@code expected} should be. */
    private static String describe(ByteBuf line, int at, int to, String expected) {
        if (at == to) {
            return "request line ends where it needs " + expected;
        }
        int b = line.getByte(at) & 0xff;
        String found = b == SP ? "an extra SP" : b < SP || b == 0x7f ? String.format("byte 0x%02x", b)
                : "'" + (char) b + "'";
        return "request line has " + found + " where it needs " + expected;
    }
}
