package dev.pollux.mpm.event;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real Pollux in a JVM of its own, started through the launcher ({@code Main}) as {@code bin/pollux} starts it,
 * for what needs a process: signals, and limits of the process such as its file descriptors. Serves
 * {@link ServerFixture#site} from a temporary directory on a loopback port the OS chooses; its log (INFO and up)
 * is collected line by line.
 */
final class ChildServer implements AutoCloseable {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Pattern LISTENING = Pattern.compile("listening on \\[/127\\.0\\.0\\.1:(\\d+)");
    private static final long START_SECONDS = 60;
    private static final String END_OF_LOG = "(end of log: the server exited)";

    private final Process process;
    /** The log so far; the reader thread notifies on it at each line and at the end. */
    private final List<String> lines = new ArrayList<>();
    private final int port;

    private ChildServer(Process process) throws IOException {
        this.process = process;
        Thread reader = new Thread(this::collect, "child-server-log");
        reader.setDaemon(true);
        reader.start();
        String listening = awaitLine(line -> LISTENING.matcher(line).find(), START_SECONDS);
        Matcher port = LISTENING.matcher(listening);
        port.find();
        this.port = Integer.parseInt(port.group(1));
    }

    /**
     * Starts a server on {@code transport} in {@code directory}, with {@code settings} (keys below {@code pollux})
     * over a small pool and no access log.
     */
    static ChildServer start(Path directory, String transport, Map<String, String> settings) throws IOException {
        return start(directory, transport, settings, 0);
    }

    /** The same under {@code ulimit -n descriptorLimit}; 0 keeps the limit this JVM has. */
    static ChildServer start(Path directory, String transport, Map<String, String> settings, int descriptorLimit)
            throws IOException {
        return start(directory, transport, settings, descriptorLimit, List.of());
    }

    /** The same with {@code jvmOptions} (e.g. {@code -Xmx64m}) for the server's JVM. */
    static ChildServer start(Path directory, String transport, Map<String, String> settings, int descriptorLimit,
                             List<String> jvmOptions) throws IOException {
        Path docroot = Files.createDirectories(directory.resolve("htdocs"));
        ServerFixture.site(docroot);
        Path config = directory.resolve("pollux.conf");
        Files.writeString(config, "pollux {\n  listen = [\"127.0.0.1:0\"]\n  document-root = \"" + docroot + "\"\n"
                + "  access-log.enabled = off\n  pid-file = \"" + directory.resolve("pollux.pid") + "\"\n"
                + "  mpm { transport = " + transport + ", start-servers = 1, threads-per-child = 4,"
                + " max-request-workers = 8, min-spare-threads = 1, max-spare-threads = 5 }\n}\n");
        Path logback = directory.resolve("logback.xml");
        Files.writeString(logback, "<configuration><appender name=\"out\" class=\"ch.qos.logback.core.ConsoleAppender\">"
                + "<encoder><pattern>%level %logger{0}: %msg%n</pattern></encoder></appender>"
                + "<logger name=\"io.netty\" level=\"WARN\"/><root level=\"INFO\"><appender-ref ref=\"out\"/></root>"
                + "</configuration>");
        List<String> command = new ArrayList<>();
        if (descriptorLimit > 0) {
            command.addAll(List.of("bash", "-c", "ulimit -n " + descriptorLimit + " && exec \"$0\" \"$@\""));
        }
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.addAll(jvmOptions);
        command.addAll(List.of("-Dlogback.configurationFile=" + logback, "-cp", System.getProperty("java.class.path"),
                "dev.pollux.mpm.launcher.Main", "-d", ROOT.toString(), "-f", config.toString()));
        settings.forEach((key, value) -> command.addAll(List.of("-D", key + "=" + value)));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            return new ChildServer(process);
        } catch (IOException | RuntimeException e) {
            process.destroyForcibly();
            throw e;
        }
    }

    private void collect() {
        try (BufferedReader out = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = out.readLine()) != null; ) {
                add(line);
            }
            add(END_OF_LOG);
        } catch (IOException e) {
            add("(log unreadable: " + e + ")");
        }
    }

    private void add(String line) {
        synchronized (lines) {
            lines.add(line);
            lines.notifyAll();
        }
    }

    int port() {
        return port;
    }

    long pid() {
        return process.pid();
    }

    RawClient connect() throws IOException {
        return new RawClient(port);
    }

    /** Every line logged so far. */
    List<String> lines() {
        synchronized (lines) {
            return List.copyOf(lines);
        }
    }

    /** The first line logged that matches, waiting up to {@code seconds} for it to be logged. */
    String awaitLine(Predicate<String> wanted, long seconds) throws IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        synchronized (lines) {
            for (int next = 0; ; next++) {
                while (next == lines.size()) {
                    long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                    if (left <= 0) {
                        throw new IOException("no such line within " + seconds + " s: " + lines);
                    }
                    try {
                        lines.wait(left);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IOException("interrupted", e);
                    }
                }
                String line = lines.get(next);
                if (wanted.test(line)) {
                    return line;
                }
                if (line.equals(END_OF_LOG)) {
                    throw new IOException("no such line before the server exited: " + lines);
                }
            }
        }
    }

    /**
     * How many more descriptors the server can open under {@code limit}: a new descriptor takes the lowest free
     * number, which must be below the limit, so the holes between open ones count too.
     */
    int descriptorsLeft(int limit) throws IOException {
        try (var fds = Files.list(Path.of("/proc", Long.toString(pid()), "fd"))) {
            return limit - (int) fds.filter(fd -> Integer.parseInt(fd.getFileName().toString()) < limit).count();
        }
    }

    /** SIGTERM, as {@code kill} and systemd send it: a graceful stop. */
    void terminate() {
        process.destroy();
    }

    /** Waits for the server to exit and returns its status. */
    int awaitExit(long seconds) throws InterruptedException {
        if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the server did not exit within " + seconds + " s: " + lines);
        }
        return process.exitValue();
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }
}
