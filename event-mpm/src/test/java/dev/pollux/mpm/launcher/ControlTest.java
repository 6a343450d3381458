package dev.pollux.mpm.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code pollux -k} and the signals, as an operator uses them: each command is a JVM of its own running the
 * launcher, and the server it starts is another, found through its PID file.
 */
class ControlTest {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    Path directory;

    private Path config;
    private Path pidFile;
    private int port;

    /** A configuration serving {@code htdocs/} of the temporary directory on a free loopback port. */
    private void configure(String extra) throws IOException {
        Path docroot = Files.createDirectories(directory.resolve("htdocs"));
        Files.writeString(docroot.resolve("which.txt"), "first");
        pidFile = directory.resolve("run/pollux.pid");
        if (port == 0) {
            port = freePort();
        }
        config = directory.resolve("pollux.conf");
        Files.writeString(config, "pollux {\n"
                + "  listen = [\"127.0.0.1:" + port + "\"]\n"
                + "  document-root = \"" + docroot + "\"\n"
                + "  pid-file = \"" + pidFile + "\"\n"
                + "  error-log = \"" + directory.resolve("logs/error.log") + "\"\n"
                + "  access-log.enabled = off\n"
                + "  mpm { start-servers = 1, threads-per-child = 4, max-request-workers = 8, min-spare-threads = 1,"
                + " max-spare-threads = 5 }\n"
                + extra
                + "}\n");
    }

    @AfterEach
    void killLeftovers() throws IOException {
        if (pidFile != null) {
            new PidFile(pidFile).running().ifPresent(ProcessHandle::destroyForcibly);
        }
    }

    @Test
    void startGracefulAndGracefulStop() throws Exception {
        configure("");
        Result start = pollux("-k", "start");
        assertEquals(0, start.status(), start.output());
        assertTrue(start.output().contains("pollux: started, pid "), start.output());
        long pid = Long.parseLong(Files.readString(pidFile).trim());
        assertTrue(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "the PID file names the server");
        assertEquals("first", get("/which.txt"));

        Result again = pollux("-k", "start");
        assertEquals(1, again.status());
        assertTrue(again.output().contains("already running as pid " + pid), again.output());

        Files.writeString(directory.resolve("htdocs/which.txt"), "second");
        Files.createDirectories(directory.resolve("other"));
        Files.writeString(directory.resolve("other/which.txt"), "other root");
        configure("  document-root = \"" + directory.resolve("other") + "\"\n");
        Result graceful = pollux("-k", "graceful");
        assertEquals(0, graceful.status(), graceful.output());
        assertTrue(graceful.output().contains("graceful restart done; generation 1 serves"), graceful.output());
        assertEquals("other root", get("/which.txt"), "the re-read configuration is in force once -k returns");
        assertTrue(get("/server-status?auto").contains("ParentServerConfigGeneration: 2\n"));

        Result stop = pollux("-k", "graceful-stop");
        assertEquals(0, stop.status(), stop.output());
        assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "the server exited");
        assertFalse(Files.exists(pidFile), "the PID file removed on a clean stop");
        Result none = pollux("-k", "stop");
        assertEquals(1, none.status());
        assertTrue(none.output().contains("not running"), none.output());
    }

    @Test
    void invalidConfigurationLeavesTheRunningServerUntouched() throws Exception {
        configure("");
        assertStarted(pollux("-k", "start"));
        configure("  keep-alive-timout = 5 s\n");
        Result graceful = pollux("-k", "graceful");
        assertEquals(1, graceful.status());
        assertTrue(graceful.output().contains(config + ": 8: ") && graceful.output().contains("keep-alive-timout"),
                "file, line and key, as -t names them: " + graceful.output());
        assertTrue(get("/server-status?auto").contains("ParentServerConfigGeneration: 1\n"), "no reload happened");
        assertEquals("first", get("/which.txt"));
        Result stop = pollux("-k", "stop");
        assertEquals(1, stop.status(), "the PID file is the configuration's: it must load, as httpd's must");
        configure("");
        assertEquals(0, pollux("-k", "stop").status());
    }

    @Test
    void reloadThatFailsInTheServerIsReportedAndTheOldGenerationServes() throws Exception {
        configure("");
        assertStarted(pollux("-k", "start"));
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            configure("  listen = [\"127.0.0.1:" + port + "\", \"127.0.0.1:" + taken.getLocalPort() + "\"]\n");
            Result graceful = pollux("-k", "graceful");
            assertEquals(1, graceful.status());
            assertTrue(graceful.output().contains("graceful restart failed, generation 0 keeps serving: cannot listen"
                    + " on /127.0.0.1:" + taken.getLocalPort()), graceful.output());
        }
        assertEquals("first", get("/which.txt"));
        assertEquals(0, pollux("-k", "stop").status());
    }

    @Test
    void aPidFileNamingAnotherProgramIsStaleAndThatProgramIsNeverSignalled() throws Exception {
        configure("");
        Process other = new ProcessBuilder("sleep", "60").start();
        try {
            Files.createDirectories(pidFile.getParent());
            Files.writeString(pidFile, other.pid() + "\n");
            Result graceful = pollux("-k", "graceful");
            assertEquals(1, graceful.status());
            assertTrue(graceful.output().contains("not running"), graceful.output());
            assertStarted(pollux("-k", "start"));
            assertTrue(other.isAlive(), "the other program got no signal");
            assertEquals(0, pollux("-k", "stop").status());
        } finally {
            other.destroyForcibly();
        }
    }

    @Test
    void sighupRestartsGracefullyAndAStalePidFileIsReplaced() throws Exception {
        configure("");
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor(10, TimeUnit.SECONDS);
        Files.createDirectories(pidFile.getParent());
        Files.writeString(pidFile, gone.pid() + "\n");
        assertStarted(pollux("-k", "start"));
        long pid = Long.parseLong(Files.readString(pidFile).trim());
        assertTrue(pid != gone.pid());
        Process hup = new ProcessBuilder("/bin/sh", "-c", "kill -s HUP " + pid).start();
        assertEquals(0, hup.waitFor());
        Path report = ReloadReport.beside(pidFile);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (ReloadReport.read(report).attempt() == 0 && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertEquals(new ReloadReport(1, 1, null), ReloadReport.read(report));
        assertTrue(get("/server-status?auto").contains("ParentServerMPMGeneration: 1\n"));
        String log = Files.readString(directory.resolve("logs/error.log"));
        assertTrue(log.contains("Replacing the stale PID file"), log);
        assertEquals(0, pollux("-k", "restart").status(), "restart: a new process");
        long restarted = Long.parseLong(Files.readString(pidFile).trim());
        assertTrue(restarted != pid);
        assertTrue(get("/server-status?auto").contains("ParentServerMPMGeneration: 0\n"));
        assertEquals(0, pollux("-k", "stop").status());
    }

    private static void assertStarted(Result start) {
        assertEquals(0, start.status(), start.output());
    }

    private String get(String path) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build();
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString()).body();
    }

    private record Result(int status, String output) {
    }

    /** Runs the launcher with {@code -d ROOT -f config} and {@code args}, in a JVM of its own. */
    private Result pollux(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "-d", ROOT.toString(), "-f", config.toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(90, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("pollux " + String.join(" ", args) + " did not return: " + output);
        }
        return new Result(process.exitValue(), output);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
