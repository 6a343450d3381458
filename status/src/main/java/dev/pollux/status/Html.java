package dev.pollux.status;

import dev.pollux.core.log.LogEscaper;

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
     * httpd's {@code ap_escape_logitem} followed by {@link #escape}, as mod_status shows request lines, so a
     * request line shows exactly the bytes the client sent.
     */
    static String escapeRequestLine(String requestLine) {
        return requestLine == null ? "" : escape(LogEscaper.escape(requestLine));
    }

}
