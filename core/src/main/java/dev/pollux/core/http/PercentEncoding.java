package dev.pollux.core.http;

import java.nio.charset.StandardCharsets;

/**
 * Percent-encoding of text for a URL (RFC 3986 §2.1): the text's UTF-8 bytes, each ASCII letter, digit and
 * character the caller keeps as it is, every other byte as {@code %XX}. Stateless; any thread.
 */
public final class PercentEncoding {

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private PercentEncoding() {
    }

    /** {@code text} encoded, letters, digits and the characters of {@code keep} left as they are. */
    public static String encode(String text, String keep) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (c < 0x80 && (Character.isLetterOrDigit(c) || keep.indexOf(c) >= 0)) {
                out.append((char) c);
            } else {
                out.append('%').append(HEX[c >> 4]).append(HEX[c & 15]);
            }
        }
        return out.toString();
    }
}
