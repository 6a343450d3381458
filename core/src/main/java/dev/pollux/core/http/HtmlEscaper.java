package dev.pollux.core.http;

/**
 * Escaping for text from clients that reaches an HTML page: request lines, client addresses, host names, header
 * field names. Output is plain ASCII, so a page's ISO-8859-1 label is always right. Stateless; any thread.
 */
public final class HtmlEscaper {

    private HtmlEscaper() {
    }

    /**
     * httpd's {@code ap_escape_html}, stricter: markup characters become entities, anything outside printable
     * ASCII a numeric reference, and control characters U+FFFD.
     */
    public static String escape(String text) {
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
}
