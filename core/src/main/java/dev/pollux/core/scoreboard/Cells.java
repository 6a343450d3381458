package dev.pollux.core.scoreboard;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * One record of the scoreboard's memory: 8-byte counters at fixed places, then room for short texts, in a direct
 * or memory-mapped buffer that other processes may map too. The owner writes a counter with a release store (a
 * plain move on x86); any reader, in this process or another, loads it with an acquire. Texts are written under a
 * sequence counter, so that a reader never takes half of one text and half of the next.
 */
final class Cells {

    private static final VarHandle LONGS = MethodHandles.byteBufferViewVarHandle(long[].class,
            ByteOrder.nativeOrder());
    /** How many times a reader tries for a text that keeps changing before it takes none. */
    private static final int TEXT_TRIES = 8;

    private final ByteBuffer buffer;
    private final int base;
    private final int longs;

    /** @param base byte offset of the record, a multiple of 8; {@code longs} counters start there */
    Cells(ByteBuffer buffer, int base, int longs) {
        this.buffer = buffer;
        this.base = base;
        this.longs = longs;
    }

    /** Bytes a record of {@code longs} counters and {@code textBytes} of texts takes, rounded up to 8. */
    static int size(int longs, int textBytes) {
        return longs * Long.BYTES + (textBytes + 7 & ~7);
    }

    long get(int index) {
        return (long) LONGS.getAcquire(buffer, offset(index));
    }

    /** A store by the record's owner. */
    void set(int index, long value) {
        LONGS.setRelease(buffer, offset(index), value);
    }

    /** An increment by the owner: its one writer needs no atomic read-modify-write. */
    void increment(int index) {
        set(index, get(index) + 1);
    }

    /** An addition that several threads of the owning process may make at once. */
    void addAtomically(int index, long delta) {
        LONGS.getAndAdd(buffer, offset(index), delta);
    }

    /** The {@code longs} counters from {@code index} on, as a record of their own. */
    Cells slice(int index, int longs) {
        return new Cells(buffer, offset(index), longs);
    }

    private int offset(int index) {
        return base + index * Long.BYTES;
    }

    /**
     * Writes {@code texts} into the text area, each cut to the bytes its field has ({@code fields[i]}, a length
     * byte and at most 255 bytes of UTF-8), under the sequence counter {@code sequence}. Owner only.
     */
    void writeTexts(int sequence, int[] fields, String... texts) {
        long next = get(sequence) + 1;
        set(sequence, next);
        VarHandle.releaseFence();
        int at = base + longs * Long.BYTES;
        for (int i = 0; i < fields.length; i++) {
            byte[] bytes = texts[i].getBytes(StandardCharsets.UTF_8);
            int length = Math.min(bytes.length, Math.min(fields[i] - 1, 255));
            // Never half a character: back off to the start of the one that does not fit.
            while (length < bytes.length && length > 0 && (bytes[length] & 0xC0) == 0x80) {
                length--;
            }
            buffer.put(at, (byte) length);
            buffer.put(at + 1, bytes, 0, length);
            at += fields[i];
        }
        set(sequence, next + 1);
    }

    /**
     * Reads the texts {@link #writeTexts} wrote; {@code null} if none was ever written, or if they changed under
     * every try.
     */
    String[] readTexts(int sequence, int[] fields) {
        for (int attempt = 0; attempt < TEXT_TRIES; attempt++) {
            long before = get(sequence);
            if (before == 0) {
                return null;
            }
            if ((before & 1) != 0) {
                Thread.onSpinWait();
                continue;
            }
            String[] texts = new String[fields.length];
            int at = base + longs * Long.BYTES;
            for (int i = 0; i < fields.length; i++) {
                int length = Math.min(buffer.get(at) & 0xff, fields[i] - 1);
                byte[] bytes = new byte[length];
                buffer.get(at + 1, bytes);
                texts[i] = new String(bytes, StandardCharsets.UTF_8);
                at += fields[i];
            }
            VarHandle.acquireFence();
            if (get(sequence) == before) {
                return texts;
            }
        }
        return null;
    }

    /** Sets the counters {@code from} to {@code to} (exclusive) to zero: a dead owner's leftovers. */
    void clear(int from, int to) {
        for (int i = from; i < to; i++) {
            set(i, 0);
        }
    }
}
