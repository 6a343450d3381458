package dev.pollux.status;

import java.nio.charset.StandardCharsets;

/**
 * Escaping for text that reaches the HTML page from clients: request lines, client addresses, virtual host
 * names, the Host header. Output is plain ASCII, so the page's ISO-8859-1 label is always right.
 */
final class Html {

    private Html() {
    }

    /**
     * httpd's {@code ap_escape_html}, stricter: markup characters become entities, anything outside printable
     * ASCII a numeric reference, and control characters U+FFFD.
     */
    static String escape(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> {
                    if (c >= ' ' && c < 0x7f) {
                        out.append(c);
                    } else if (c < ' ' || (c >= 0x7f && c < 0xa0) || Character.isSurrogate(c)) {
                        out.append("&#xFFFD;");
                    } else {
                        out.append("&#").append((int) c).append(';');
                    }
                }
            }
        }
        return out.toString();
    }

    /**
     * httpd's {@code ap_escape_logitem} followed by {@link #escape}, as mod_status shows request lines:
     * {@code "} and {@code \} are backslashed and every byte outside printable ASCII becomes {@code \xhh}, so a
     * request line shows exactly the bytes the client sent (characters above U+00FF count as their UTF-8 bytes).
     */
    static String escapeRequestLine(String requestLine) {
        if (requestLine == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(requestLine.length() + 16);
        for (int i = 0; i < requestLine.length(); i++) {
            char c = requestLine.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c >= ' ' && c < 0x7f) {
                out.append(c);
            } else if (c <= 0xff) {
                hexByte(out, c);
            } else {
                int end = Character.isHighSurrogate(c) && i + 1 < requestLine.length() ? i + 2 : i + 1;
                for (byte b : requestLine.substring(i, end).getBytes(StandardCharsets.UTF_8)) {
                    hexByte(out, b & 0xff);
                }
                i = end - 1;
            }
        }
        return escape(out.toString());
    }

    private static void hexByte(StringBuilder out, int b) {
        out.append("\\x").append(Character.forDigit(b >> 4, 16)).append(Character.forDigit(b & 0xf, 16));
    }
}
