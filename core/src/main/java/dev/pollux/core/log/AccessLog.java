package dev.pollux.core.log;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * httpd's {@code CustomLog}: one line per finished request, appended in UTF-8 to a file by the
 * {@code pollux-access-log} thread and flushed at least once a second and on {@link #close}.
 *
 * <p>Threading: {@link #log} may be called from any thread, poller threads included, and never blocks.
 * {@link #open} and {@link #close} are called once each by the thread that starts and stops the server.
 */
public final class AccessLog implements AutoCloseable {

    /** A log that writes nothing. */
    public static final AccessLog DISABLED = new AccessLog(null, null);

    private final AccessLogSettings settings;
    /** {@code null} when the log is disabled: then nothing is queued and no thread runs. */
    private final AccessLogWriter writer;

    private AccessLog(AccessLogSettings settings, AccessLogWriter writer) {
        this.settings = settings;
        this.writer = writer;
    }

    /**
     * Opens the log that {@code settings} describe: a disabled one does nothing; an enabled one creates the
     * file's parent directories, opens the file for append and starts the writer thread.
     *
     * @throws UncheckedIOException naming the path when the directories or the file cannot be created
     */
    public static AccessLog open(AccessLogSettings settings) {
        if (!settings.enabled()) {
            return new AccessLog(settings, null);
        }
        Path path = settings.path();
        try {
            Path parent = path.getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            OutputStream file = Files.newOutputStream(path, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            return new AccessLog(settings, AccessLogWriter.start(file, settings.format(), path.toString()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open access log " + path + ": " + e, e);
        }
    }

    /** What it was opened with; {@code null} for {@link #DISABLED}. */
    public AccessLogSettings settings() {
        return settings;
    }

    /** Whether lines are written; callers skip building entries for a disabled log. */
    public boolean enabled() {
        return writer != null;
    }

    /**
     * Queues {@code entry} for the writer thread. Any thread; lock-free, no formatting, no I/O, no wake-up.
     * Entries logged after {@link #close} are dropped.
     */
    public void log(AccessLogEntry entry) {
        if (writer != null) {
            writer.offer(entry);
        }
    }

    /**
     * Writes every entry logged before this call, flushes and closes the file, and stops the thread; blocks until
     * that is done. A second call does nothing more.
     */
    @Override
    public void close() {
        if (writer != null) {
            writer.stop();
        }
    }
}
