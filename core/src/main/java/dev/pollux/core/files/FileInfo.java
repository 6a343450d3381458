package dev.pollux.core.files;

import io.netty.handler.codec.DateFormatter;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Date;
import java.util.concurrent.TimeUnit;

/**
 * One file's description as the static handler needs it, validators formatted once.
 *
 * @param directory      whether it is a directory
 * @param regularFile    whether it is a regular file
 * @param size           its size in bytes
 * @param modifiedMicros its modification time in microseconds, which the ETag carries
 * @param etag           httpd's {@code "size-mtime"} in hex (FileETag MTime Size)
 * @param lastModified   the {@code Last-Modified} value
 * @param content        the whole file, for a small regular file, in read-only memory outside the heap: the
 *                       transports write it to sockets as it is, where they would first copy a heap array
 *                       there on the poller; {@code null} otherwise
 * @param checkedNanos   {@link System#nanoTime()} when the file system was last asked
 * @param variants       its precompressed variants once a worker has looked for them: remembered for exactly as
 *                       long as this description is trusted, since a fresh description starts without them
 */
record FileInfo(boolean directory, boolean regularFile, long size, long modifiedMicros,
                String etag, String lastModified, ByteBuffer content, long checkedNanos, Memo variants) {

    /**
     * A value worked out from a file on first use and kept with its description; workers may race to set it, and
     * each computes the same answer.
     */
    static final class Memo {
        private volatile Object value;

        Object get() {
            return value;
        }

        void set(Object computed) {
            value = computed;
        }
    }

    /** Describes {@code path} from its attributes, reading its bytes if it is a regular file of at most {@code keep}. */
    static FileInfo read(Path path, BasicFileAttributes attributes, int keep, long nowNanos) throws IOException {
        long micros = attributes.lastModifiedTime().to(TimeUnit.MICROSECONDS);
        long size = attributes.size();
        ByteBuffer content = attributes.isRegularFile() && size <= keep ? readAtMost(path, keep) : null;
        if (content != null) {
            // Changed while being read: describe what was read, so the validators match the bytes sent.
            size = content.remaining();
        }
        return new FileInfo(attributes.isDirectory(), attributes.isRegularFile(), size, micros,
                "\"" + Long.toHexString(size) + '-' + Long.toHexString(micros) + "\"",
                DateFormatter.format(new Date(micros / 1000)), content, nowNanos, new Memo());
    }

    /** The whole file if it has at most {@code limit} bytes (it may have grown since the stat), else null. */
    private static ByteBuffer readAtMost(Path path, int limit) throws IOException {
        byte[] bytes;
        try (InputStream in = Files.newInputStream(path)) {
            bytes = in.readNBytes(limit + 1);
        }
        if (bytes.length > limit) {
            return null;
        }
        return ByteBuffer.allocateDirect(bytes.length).put(bytes).flip().asReadOnlyBuffer();
    }

    /** What the cache remembers of a path where there was no file at {@code nowNanos}. */
    static FileInfo missing(long nowNanos) {
        return new FileInfo(false, false, -1, 0, null, null, null, nowNanos, new Memo());
    }

    /** Whether there was no file. */
    boolean missing() {
        return size < 0;
    }

    /** The modification time in milliseconds, for If-Modified-Since. */
    long modifiedMillis() {
        return modifiedMicros / 1000;
    }

    /** Whether {@code attributes} still describe the same version of the file. */
    boolean describes(BasicFileAttributes attributes) {
        return attributes.isDirectory() == directory && attributes.isRegularFile() == regularFile
                && attributes.size() == size && attributes.lastModifiedTime().to(TimeUnit.MICROSECONDS) == modifiedMicros;
    }

    /** The same description, confirmed at {@code nowNanos}; what was worked out from it is looked at afresh. */
    FileInfo checkedAt(long nowNanos) {
        return new FileInfo(directory, regularFile, size, modifiedMicros, etag, lastModified, content,
                nowNanos, new Memo());
    }
}
