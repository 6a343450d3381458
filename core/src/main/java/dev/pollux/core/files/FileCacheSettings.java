package dev.pollux.core.files;

import dev.pollux.core.config.SettingsReader;
import java.time.Duration;

/**
 * The open-file cache ({@code file-cache.*}).
 *
 * @param valid       how long a file's stat result, and a small file's bytes, are trusted before it is checked again
 * @param maxFileSize files up to this many bytes are kept in memory; 0 keeps none
 * @param maxEntries  files remembered at most; 0 turns the cache off
 */
public record FileCacheSettings(Duration valid, int maxFileSize, int maxEntries) {

    /** No cache: every request looks at the file system, as httpd does. */
    public static final FileCacheSettings OFF = new FileCacheSettings(Duration.ZERO, 0, 0);

    /** Reads the keys under {@code pollux.file-cache}. */
    public static FileCacheSettings read(SettingsReader reader) {
        return new FileCacheSettings(
                reader.durationBetween("pollux.file-cache.valid", Duration.ZERO, Duration.ofHours(1)),
                (int) reader.bytesBetween("pollux.file-cache.max-file-size", 0, 16 << 20),
                reader.intBetween("pollux.file-cache.max-entries", 0, 1_000_000));
    }
}
