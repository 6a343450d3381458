package dev.pollux.examples;

/** Just enough JSON for the examples: a string literal (RFC 8259 §7). */
final class Json {

    private Json() {
    }

    /** {@code text} as a quoted JSON string, with quotes, backslashes and control characters escaped. */
    static String string(String text) {
        StringBuilder out = new StringBuilder(text.length() + 2).append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
