package dev.pollux.bench.embedded;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The work of both peers' handlers, shared so that Pollux and Undertow run the same code on the bytes and differ
 * only in how the bytes reach it: an upload read to its end in {@link #CHUNK} reads through SHA-256, a download
 * written as a repeated {@link #CHUNK} pattern in writes of that size.
 *
 * <p>Threading: stateless; the pattern is shared read-only by every worker.
 */
final class Bodies {

    /** The size of every read of an upload and of every write of a download: 64 KiB. */
    static final int CHUNK = 64 * 1024;

    /** The most a download may ask for, so that a typo in a query cannot keep a worker busy for hours. */
    static final long MAX_DOWNLOAD = 64L << 30;

    /**
     * The download's repeated block: byte {@code i} of each block is {@code i % 251}, so that a block's bytes do
     * not repeat at any power-of-two distance and a shifted or truncated body changes its digest. Python makes
     * the same with {@code bytes(i % 251 for i in range(65536))}.
     */
    private static final byte[] PATTERN = pattern();

    private Bodies() {
    }

    private static byte[] pattern() {
        byte[] block = new byte[CHUNK];
        for (int i = 0; i < CHUNK; i++) {
            block[i] = (byte) (i % 251);
        }
        return block;
    }

    /**
     * Reads {@code in} to its end in reads of at most {@link #CHUNK} bytes.
     *
     * @return the upload's answer: its SHA-256 in lower-case hex, a space, its length in bytes, a line feed
     */
    static String digest(InputStream in) throws IOException {
        MessageDigest sha256;
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
        byte[] buffer = new byte[CHUNK];
        long total = 0;
        int read;
        while ((read = in.read(buffer, 0, CHUNK)) != -1) {
            sha256.update(buffer, 0, read);
            total += read;
        }
        return HexFormat.of().formatHex(sha256.digest()) + " " + total + "\n";
    }

    /** Writes {@code length} bytes of the repeated pattern to {@code out}, {@link #CHUNK} bytes a write. */
    static void write(OutputStream out, long length) throws IOException {
        for (long left = length; left > 0; ) {
            int n = (int) Math.min(CHUNK, left);
            out.write(PATTERN, 0, n);
            left -= n;
        }
    }

    /**
     * The {@code bytes} parameter of a raw query ({@code bytes=N}, other parameters ignored).
     *
     * @return N, or -1 when it is missing, not a decimal number or more than {@link #MAX_DOWNLOAD}
     */
    static long requestedLength(String rawQuery) {
        if (rawQuery == null) {
            return -1;
        }
        for (String pair : rawQuery.split("&")) {
            if (pair.startsWith("bytes=")) {
                String value = pair.substring("bytes=".length());
                if (value.isEmpty() || value.length() > 12 || !value.chars().allMatch(c -> c >= '0' && c <= '9')) {
                    return -1;
                }
                long length = Long.parseLong(value);
                return length <= MAX_DOWNLOAD ? length : -1;
            }
        }
        return -1;
    }
}
