package dev.pollux.mpm.launcher;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.function.Supplier;
import java.util.function.ToIntFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SIGHUP's graceful restart: re-reads the configuration the server was started with (the same file and
 * {@code -D} overrides), puts it in force, and reports the outcome in the {@link ReloadReport} that
 * {@code pollux -k graceful} waits for. A failed attempt leaves the running generation serving, says why in the
 * log and in the report. One attempt at a time: signals that arrive meanwhile wait their turn.
 */
final class Reloader {

    private static final Logger log = LoggerFactory.getLogger(Reloader.class);

    private final ToIntFunction<Config> restart;
    private final Supplier<Config> configuration;
    private final Path reportFile;
    private long attempts;
    private boolean closed;
    private int generation;

    /**
     * @param restart       puts a configuration in force (the server's or the parent's graceful restart) and
     *                      returns its generation
     * @param configuration loads and validates the configuration anew, throwing {@link ConfigException}
     */
    Reloader(ToIntFunction<Config> restart, Supplier<Config> configuration, Path reportFile) {
        this.restart = restart;
        this.configuration = configuration;
        this.reportFile = reportFile;
    }

    /** Restarts gracefully once; any thread (the signal's). Does nothing once {@link #close closed}. */
    synchronized void reload() {
        if (closed) {
            return;
        }
        attempts++;
        String failure = null;
        try {
            log.info("SIGHUP: graceful restart, re-reading the configuration");
            generation = restart.applyAsInt(configuration.get());
        } catch (ConfigException | IllegalStateException e) {
            failure = e.getMessage();
            log.error("Graceful restart failed; generation {} keeps serving: {}", generation, failure);
        } catch (RuntimeException e) {
            failure = e.toString();
            log.error("Graceful restart failed; generation {} keeps serving", generation, e);
        }
        try {
            new ReloadReport(attempts, generation, failure).write(reportFile);
        } catch (IOException e) {
            log.warn("Cannot write the reload report {}: {}", reportFile, e.toString());
        }
    }

    /** The server stopped: a signal that comes now writes no report beside a PID file that is gone. */
    synchronized void close() {
        closed = true;
    }
}
