package dev.pollux.status;

/**
 * A minimal streaming JSON writer (RFC 8259) for the status document, so that the module needs no JSON
 * library: objects, arrays, strings, integers, finite doubles, booleans and null, commas placed by nesting
 * depth. Strings are escaped so that no value can break out of its quotes. Confined to one thread.
 */
final class JsonWriter {

    private static final int MAX_DEPTH = 16;

    private final StringBuilder out;
    /** Per nesting level: whether the next member or element needs a comma before it. */
    private final boolean[] needsComma = new boolean[MAX_DEPTH];
    private int depth;
    private boolean afterName;

    JsonWriter(int capacity) {
        out = new StringBuilder(capacity);
    }

    JsonWriter beginObject() {
        separate();
        out.append('{');
        push();
        return this;
    }

    JsonWriter endObject() {
        depth--;
        out.append('}');
        return this;
    }

    JsonWriter beginArray() {
        separate();
        out.append('[');
        push();
        return this;
    }

    JsonWriter endArray() {
        depth--;
        out.append(']');
        return this;
    }

    /** The next member's name; a value call must follow. */
    JsonWriter name(String name) {
        separate();
        string(name);
        out.append(':');
        afterName = true;
        return this;
    }

    JsonWriter value(String value) {
        separate();
        if (value == null) {
            out.append("null");
        } else {
            string(value);
        }
        return this;
    }

    JsonWriter value(long value) {
        separate();
        out.append(value);
        return this;
    }

    /** A finite number; NaN and the infinities, which JSON cannot carry, become null. */
    JsonWriter value(double value) {
        separate();
        if (Double.isFinite(value)) {
            out.append(value);
        } else {
            out.append("null");
        }
        return this;
    }

    JsonWriter value(boolean value) {
        separate();
        out.append(value);
        return this;
    }

    /** {@code "name": value} shorthands. */
    JsonWriter member(String name, String value) {
        return name(name).value(value);
    }

    JsonWriter member(String name, long value) {
        return name(name).value(value);
    }

    JsonWriter member(String name, double value) {
        return name(name).value(value);
    }

    JsonWriter member(String name, boolean value) {
        return name(name).value(value);
    }

    @Override
    public String toString() {
        return out.toString();
    }

    private void push() {
        if (depth + 1 >= MAX_DEPTH) {
            throw new IllegalStateException("JSON nested deeper than " + MAX_DEPTH);
        }
        needsComma[++depth] = false;
    }

    private void separate() {
        if (afterName) {
            afterName = false;
            return;
        }
        if (needsComma[depth]) {
            out.append(',');
        }
        needsComma[depth] = true;
    }

    private void string(String value) {
        out.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    // Controls must be escaped; U+2028/9 and lone surrogates are escaped so the output stays
                    // valid in JavaScript and in UTF-8.
                    boolean lone = Character.isSurrogate(c) && !pairedAt(value, i);
                    if (c < ' ' || c == '\u2028' || c == '\u2029' || c == 0x7f || lone) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    private static boolean pairedAt(String s, int i) {
        char c = s.charAt(i);
        if (Character.isHighSurrogate(c)) {
            return i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1));
        }
        return i > 0 && Character.isHighSurrogate(s.charAt(i - 1));
    }
}
