package dev.pollux.mpm.launcher;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * What the server says of its last graceful restart, beside the PID file ({@code logs/pollux.pid} has
 * {@code logs/pollux.reload}): {@code pollux -k graceful} sends SIGHUP and waits for the attempt count to move on,
 * then reports the outcome and exits with it. One line, {@code ATTEMPT GENERATION ok} or
 * {@code ATTEMPT GENERATION failed: REASON}, replaced atomically.
 *
 * @param attempt    graceful restarts tried since the start (0: none yet)
 * @param generation the generation in force after it (0: the configuration read at start)
 * @param failure    why the attempt failed, or {@code null} when it succeeded
 */
record ReloadReport(long attempt, int generation, String failure) {

    /** The report's file for the PID file {@code pidFile}: the same name with {@code .reload} for {@code .pid}. */
    static Path beside(Path pidFile) {
        String name = pidFile.getFileName().toString();
        String stem = name.endsWith(".pid") ? name.substring(0, name.length() - 4) : name;
        return pidFile.resolveSibling(stem + ".reload");
    }

    boolean succeeded() {
        return failure == null;
    }

    /** The last report written to {@code file}, or attempt 0 when there is none (no server, or a new one). */
    static ReloadReport read(Path file) throws IOException {
        String line;
        try {
            line = Files.readString(file, StandardCharsets.UTF_8).trim();
        } catch (NoSuchFileException e) {
            return new ReloadReport(0, 0, null);
        }
        String[] parts = line.split(" ", 3);
        try {
            long attempt = Long.parseLong(parts[0]);
            int generation = Integer.parseInt(parts[1]);
            String outcome = parts.length > 2 ? parts[2] : "";
            return new ReloadReport(attempt, generation,
                    outcome.equals("ok") ? null : outcome.replaceFirst("^failed: ", ""));
        } catch (NumberFormatException | ArrayIndexOutOfBoundsException e) {
            throw new IOException(file + " is not a reload report: '" + line + "'");
        }
    }

    /** Writes the report to {@code file}, replacing the last one. */
    void write(Path file) throws IOException {
        String outcome = failure == null ? "ok" : "failed: " + failure.replace('\n', ' ');
        AtomicFile.write(file, attempt + " " + generation + " " + outcome + "\n");
    }
}
