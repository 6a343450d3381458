package dev.pollux.mpm.launcher;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * httpd's {@code PidFile}: the process id of the running server, one decimal line, at {@code pid-file}. It is how
 * {@code pollux -k} finds the server of a configuration, and what systemd's {@code PIDFile=} reads. Written once the
 * server serves, removed when it stops cleanly; a file left by a server that crashed names a process that is no
 * longer running, and is replaced.
 */
final class PidFile {

    private final Path path;

    PidFile(Path path) {
        this.path = path;
    }

    Path path() {
        return path;
    }

    /**
     * The live Pollux the file names, if any. A file naming no running process, a process that is not the
     * launcher (its id reused since a crash, after a reboot or in a new container), or holding no number, is stale.
     *
     * @throws IOException when the file exists but cannot be read
     */
    Optional<ProcessHandle> running() throws IOException {
        OptionalLong pid = read();
        if (pid.isEmpty()) {
            return Optional.empty();
        }
        return ProcessHandle.of(pid.getAsLong()).filter(ProcessHandle::isAlive).filter(PidFile::launcher);
    }

    /**
     * Whether the process runs the launcher; a command line the system does not show is given the benefit. On
     * Linux the command line is read from {@code /proc} whole: the JDK's view of it stops at 4096 characters, before
     * the main class of a long class path.
     */
    private static boolean launcher(ProcessHandle process) {
        Path proc = Path.of("/proc", Long.toString(process.pid()), "cmdline");
        if (Files.isReadable(proc)) {
            try {
                return new String(Files.readAllBytes(proc), StandardCharsets.ISO_8859_1)
                        .contains(Main.class.getName());
            } catch (IOException e) {
                // Gone meanwhile, or not ours to read: the JDK's view below decides.
            }
        }
        return process.info().commandLine().map(line -> line.contains(Main.class.getName())).orElse(true);
    }

    /**
     * Fails if another live server holds the file; otherwise removes a stale one.
     *
     * @return the pid of the stale file removed, for the log, or empty
     * @throws IllegalStateException naming the running server's pid and the file
     */
    OptionalLong claim() throws IOException {
        Optional<ProcessHandle> holder = running();
        long self = ProcessHandle.current().pid();
        if (holder.isPresent() && holder.get().pid() != self) {
            throw new IllegalStateException("already running as pid " + holder.get().pid() + " (PID file " + path
                    + "); stop it first with -k stop, or reload it with -k graceful");
        }
        OptionalLong stale = read();
        if (stale.isPresent() && stale.getAsLong() != self) {
            Files.deleteIfExists(path);
            return stale;
        }
        return OptionalLong.empty();
    }

    /** Writes this process's id, creating the folder; atomically, so a reader never sees half a file. */
    void write() throws IOException {
        AtomicFile.write(path, ProcessHandle.current().pid() + "\n");
    }

    /** Removes the file if it still names this process. */
    void remove() throws IOException {
        OptionalLong pid = read();
        if (pid.isPresent() && pid.getAsLong() == ProcessHandle.current().pid()) {
            Files.deleteIfExists(path);
        }
    }

    private OptionalLong read() throws IOException {
        String text;
        try {
            text = Files.readString(path, StandardCharsets.US_ASCII).trim();
        } catch (NoSuchFileException e) {
            return OptionalLong.empty();
        }
        try {
            return OptionalLong.of(Long.parseLong(text));
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }
}
