package dev.pollux.bench.load;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;

/**
 * Frames HTTP/1.1 responses to GET requests on one connection (RFC 9112 section 6.3): the head up to the
 * empty line, then a {@code Content-Length} body, which is counted and discarded. That is all the static
 * file responses the harness asks for need; a chunked or close-delimited body is reported as an error.
 */
final class ResponseReader {

    /** Told of each complete response. */
    interface Listener {
        void onResponse(int status, boolean close);
    }

    private static final int MAX_HEAD = 64 * 1024;
    private static final byte[] END_OF_HEAD = {'\r', '\n', '\r', '\n'};

    private byte[] head = new byte[0];
    private int headLength;
    private int endMatched;
    private long bodyRemaining = -1;
    private int status;
    private boolean close;

    /** Consumes everything in {@code in}, telling {@code listener} of each response it completes. */
    void feed(ByteBuffer in, Listener listener) throws IOException {
        while (in.hasRemaining()) {
            if (bodyRemaining < 0) {
                readHead(in);
            } else {
                int skip = (int) Math.min(bodyRemaining, in.remaining());
                in.position(in.position() + skip);
                bodyRemaining -= skip;
            }
            if (bodyRemaining == 0) {
                bodyRemaining = -1;
                listener.onResponse(status, close);
            }
        }
    }

    private void readHead(ByteBuffer in) throws IOException {
        while (in.hasRemaining() && endMatched < END_OF_HEAD.length) {
            byte b = in.get();
            append(b);
            endMatched = b == END_OF_HEAD[endMatched] ? endMatched + 1 : (b == '\r' ? 1 : 0);
        }
        if (endMatched == END_OF_HEAD.length) {
            parseHead(new String(head, 0, headLength, StandardCharsets.ISO_8859_1));
            headLength = 0;
            endMatched = 0;
        }
    }

    private void append(byte b) throws IOException {
        if (headLength == head.length) {
            if (headLength >= MAX_HEAD) {
                throw new IOException("response head longer than " + MAX_HEAD + " bytes");
            }
            head = Arrays.copyOf(head, Math.max(512, headLength * 2));
        }
        head[headLength++] = b;
    }

    private void parseHead(String text) throws IOException {
        String[] lines = text.split("\r\n");
        if (!lines[0].startsWith("HTTP/1.") || lines[0].length() < 12) {
            throw new IOException("not an HTTP/1.x status line: " + lines[0]);
        }
        status = Integer.parseInt(lines[0].substring(9, 12));
        close = lines[0].startsWith("HTTP/1.0");
        long length = -1;
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon <= 0) {
                continue;
            }
            String name = lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = lines[i].substring(colon + 1).trim().toLowerCase(Locale.ROOT);
            switch (name) {
                case "content-length" -> length = Long.parseLong(value);
                case "connection" -> close = value.contains("close") || (close && !value.contains("keep-alive"));
                case "transfer-encoding" -> throw new IOException("transfer-encoding " + value + " not supported");
                default -> { }
            }
        }
        bodyRemaining = bodiless(status) ? 0 : length;
        if (bodyRemaining < 0) {
            throw new IOException("response " + status + " without Content-Length");
        }
    }

    private static boolean bodiless(int status) {
        return status / 100 == 1 || status == 204 || status == 304;
    }
}
