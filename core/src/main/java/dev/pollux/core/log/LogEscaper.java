package dev.pollux.core.log;

import java.nio.charset.StandardCharsets;

/**
 * Escapes client-supplied text the way httpd's {@code ap_escape_logitem} does, so that no request can forge a
 * log line or a field: {@code "} and {@code \} get a backslash, {@code \b \n \r \t \v} their C escapes, and every
 * other byte outside printable ASCII becomes {@code \xhh}. Netty decodes request bytes one-to-one into chars
 * 0&ndash;255, so those chars are escaped as the byte they came from; a char beyond 255 (only a handler can set
 * one) is escaped as its UTF-8 bytes. Stateless, any thread; the status page uses it for request lines too.
 */
public final class LogEscaper {

    private static final String HEX = "0123456789abcdef";

    private LogEscaper() {
    }

    /** {@code text} escaped. */
    public static String escape(CharSequence text) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        append(text, out);
        return out.toString();
    }

    static void append(CharSequence text, StringBuilder out) {
        append(text, 0, text.length(), out);
    }

    /** Appends {@code text[start, end)} escaped. */
    static void append(CharSequence text, int start, int end, StringBuilder out) {
        for (int i = start; i < end; i++) {
            char c = text.charAt(i);
            if (c >= 0x20 && c < 0x7f && c != '"' && c != '\\') {
                out.append(c);
            } else if (c <= 0xff) {
                escape(c, out);
            } else if (Character.isHighSurrogate(c) && i + 1 < end && Character.isLowSurrogate(text.charAt(i + 1))) {
                escapeUtf8(Character.toCodePoint(c, text.charAt(++i)), out);
            } else {
                escapeUtf8(c, out);
            }
        }
    }

    private static void escape(char c, StringBuilder out) {
        out.append('\\');
        switch (c) {
            case '\b' -> out.append('b');
            case '\n' -> out.append('n');
            case '\r' -> out.append('r');
            case '\t' -> out.append('t');
            case 0x0b -> out.append('v');
            case '"', '\\' -> out.append(c);
            default -> out.append('x').append(HEX.charAt(c >> 4)).append(HEX.charAt(c & 0xf));
        }
    }

    /** A lone surrogate has no UTF-8 form; {@link String#getBytes} writes it as {@code ?}. */
    private static void escapeUtf8(int codePoint, StringBuilder out) {
        for (byte b : Character.toString(codePoint).getBytes(StandardCharsets.UTF_8)) {
            escape((char) (b & 0xff), out);
        }
    }
}
