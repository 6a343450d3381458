package dev.pollux.core.files;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Iterator;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the static handler learns about a file — kind, size, modification time, validators and, for small files,
 * the bytes — kept for {@code file-cache.valid}, in the manner of nginx's {@code open_file_cache}: a hit costs
 * no system call, where a miss costs a stat (and for a small file an open, a read and a close).
 *
 * <p>Worker threads, concurrently. Entries are immutable and the bytes are read-only buffers that the garbage
 * collector frees, so an entry replaced or evicted while another worker still sends it needs no reference
 * counting.
 */
final class FileCache {

    private final FileCacheSettings settings;
    private final long validNanos;
    private final ConcurrentHashMap<Path, FileInfo> entries = new ConcurrentHashMap<>();

    FileCache(FileCacheSettings settings) {
        this.settings = settings;
        this.validNanos = settings.valid().toNanos();
    }

    /**
     * The file's current description: from the cache while it is valid, else from the file system.
     *
     * @throws IOException as {@link Files#readAttributes} does, e.g. {@link java.nio.file.NoSuchFileException}
     */
    FileInfo lookup(Path path) throws IOException {
        if (settings.maxEntries() == 0) {
            return FileInfo.read(path, Files.readAttributes(path, BasicFileAttributes.class), 0, System.nanoTime());
        }
        long now = System.nanoTime();
        FileInfo cached = entries.get(path);
        if (cached == null || now - cached.checkedNanos() >= validNanos) {
            cached = refresh(path, cached, now);
        }
        if (cached.missing()) {
            throw new NoSuchFileException(path.toString());
        }
        return cached;
    }

    /**
     * Asks the file system again. A file found missing is remembered as missing too: precompressed and language
     * variants are looked for on every request, and most files have none.
     */
    private FileInfo refresh(Path path, FileInfo cached, long now) throws IOException {
        FileInfo fresh;
        try {
            BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class);
            fresh = cached != null && cached.describes(attributes)
                    ? cached.checkedAt(now)
                    : FileInfo.read(path, attributes, settings.maxFileSize(), now);
        } catch (NoSuchFileException e) {
            fresh = FileInfo.missing(now);
        }
        if (entries.put(path, fresh) == null && entries.size() > settings.maxEntries()) {
            evictOne(path);
        }
        return fresh;
    }

    /** Files remembered now. */
    int size() {
        return entries.size();
    }

    /** Makes room by dropping some other entry; which one matters little for a cache of static files. */
    private void evictOne(Path keep) {
        Iterator<Path> keys = entries.keySet().iterator();
        while (keys.hasNext()) {
            if (!keys.next().equals(keep)) {
                keys.remove();
                return;
            }
        }
    }
}
