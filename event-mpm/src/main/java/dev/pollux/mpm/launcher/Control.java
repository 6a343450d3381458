package dev.pollux.mpm.launcher;

import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * {@code pollux -k ACTION}, httpd's control of a running server: finds it through the PID file of the configuration
 * that the same {@code -d}/{@code -f}/{@code -D} flags name, signals it, and waits until it has acted. Exits 0 once
 * it has, 1 with the reason otherwise (not running, already running, a failed reload, a timeout). The
 * configuration itself was loaded and, for the actions that start or reload, checked as {@code -t} checks it
 * before any of this runs. Main thread only.
 */
final class Control {

    /** The actions of {@code -k}, named as httpd names them. */
    enum Action {
        /** Starts the server in the background, once no server of this configuration runs. */
        START,
        /** Stops at once: SIGINT; requests in progress are cut off. */
        STOP,
        /** Re-reads the configuration and puts it in force without dropping a connection: SIGHUP. */
        GRACEFUL,
        /** Stops once requests in progress have finished, up to graceful-shutdown-timeout: SIGTERM. */
        GRACEFUL_STOP,
        /** A new process: graceful-stop if running, then start; for what a graceful restart keeps. */
        RESTART;

        static Action parse(String name) {
            for (Action action : values()) {
                if (action.argument().equals(name)) {
                    return action;
                }
            }
            throw new IllegalArgumentException("-k takes start, stop, graceful, graceful-stop or restart, not '"
                    + name + "'");
        }

        /** Whether the action starts or reloads a server, so that the configuration is checked first, as -t does. */
        boolean startsServer() {
            return this == START || this == GRACEFUL || this == RESTART;
        }

        String argument() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    /** A control action that could not be done; its message is the reason printed. */
    static final class Failure extends Exception {
        Failure(String message) {
            super(message);
        }
    }

    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration RELOAD_TIMEOUT = Duration.ofSeconds(60);
    /** How much longer than graceful-shutdown-timeout a graceful stop may take: the JVM's own exit. */
    private static final Duration STOP_MARGIN = Duration.ofSeconds(15);
    private static final long POLL_MILLIS = 50;
    private static final int LOG_LINES_SHOWN = 20;

    private final LauncherSettings settings;
    private final List<String> serverArguments;
    private final PrintStream out;
    private final PidFile pidFile;

    /** @param serverArguments the command line less {@code -k ACTION}: how {@code start} runs the server */
    Control(LauncherSettings settings, List<String> serverArguments, PrintStream out) {
        this.settings = settings;
        this.serverArguments = List.copyOf(serverArguments);
        this.out = out;
        this.pidFile = new PidFile(settings.pidFile());
    }

    /** Does {@code action}; returns once the server has acted. */
    void run(Action action) throws Failure, IOException, InterruptedException {
        switch (action) {
            case START -> start();
            case STOP -> stop("INT", STOP_TIMEOUT);
            case GRACEFUL -> graceful();
            case GRACEFUL_STOP -> stop("TERM", settings.gracefulShutdownTimeout().plus(STOP_MARGIN));
            case RESTART -> restart();
        }
    }

    private void start() throws Failure, IOException, InterruptedException {
        Optional<ProcessHandle> running = pidFile.running();
        if (running.isPresent()) {
            throw new Failure("already running as pid " + running.get().pid() + " (PID file " + pidFile.path() + ")");
        }
        Path log = settings.errorLog();
        Files.createDirectories(log.toAbsolutePath().getParent());
        long logStart = Files.exists(log) ? Files.size(log) : 0;
        Process process = new ProcessBuilder(serverCommand())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .redirectErrorStream(true)
                .start();
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            Optional<ProcessHandle> started = pidFile.running();
            if (started.isPresent()) {
                out.println("pollux: started, pid " + started.get().pid() + "; its log is " + log);
                return;
            }
            if (!process.isAlive() && process.exitValue() != 0) {
                throw new Failure("the server exited at start with status " + process.exitValue() + "; " + log
                        + " says:\n" + logSince(log, logStart));
            }
            Thread.sleep(POLL_MILLIS);
        }
        throw new Failure("the server did not start within " + START_TIMEOUT.toSeconds() + " s; see " + log);
    }

    /**
     * The server's command: this JVM's executable, options and class path, and the launcher's arguments less
     * {@code -k}. In a session of its own where {@code setsid} exists, so that the terminal's hang-up (SIGHUP, a
     * graceful restart to the server) and Ctrl-C do not reach it.
     */
    private List<String> serverCommand() {
        List<String> command = new ArrayList<>();
        for (String setsid : List.of("/usr/bin/setsid", "/bin/setsid")) {
            if (Files.isExecutable(Path.of(setsid))) {
                command.add(setsid);
                break;
            }
        }
        command.add(ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(serverArguments);
        return command;
    }

    /** The last lines written to {@code log} after its first {@code offset} bytes. */
    private static String logSince(Path log, long offset) throws IOException {
        byte[] bytes = Files.readAllBytes(log);
        int from = (int) Math.min(offset, bytes.length);
        List<String> lines = new String(bytes, from, bytes.length - from, StandardCharsets.UTF_8).lines().toList();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - LOG_LINES_SHOWN), lines.size()));
    }

    private void stop(String signal, Duration timeout) throws Failure, IOException, InterruptedException {
        ProcessHandle server = runningServer();
        signal(server, signal);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (server.isAlive()) {
            if (System.nanoTime() > deadline) {
                throw new Failure("pid " + server.pid() + " did not stop within " + timeout.toSeconds() + " s of SIG"
                        + signal);
            }
            Thread.sleep(POLL_MILLIS);
        }
        out.println("pollux: stopped (pid " + server.pid() + ")");
    }

    private void graceful() throws Failure, IOException, InterruptedException {
        ProcessHandle server = runningServer();
        Path reportFile = ReloadReport.beside(pidFile.path());
        long before = ReloadReport.read(reportFile).attempt();
        signal(server, "HUP");
        long deadline = System.nanoTime() + RELOAD_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            ReloadReport report = ReloadReport.read(reportFile);
            if (report.attempt() > before) {
                if (!report.succeeded()) {
                    throw new Failure("graceful restart failed, generation " + report.generation()
                            + " keeps serving: " + report.failure());
                }
                out.println("pollux: graceful restart done; generation " + report.generation() + " serves (pid "
                        + server.pid() + ")");
                return;
            }
            if (!server.isAlive()) {
                throw new Failure("pid " + server.pid() + " exited during the graceful restart");
            }
            Thread.sleep(POLL_MILLIS);
        }
        throw new Failure("no answer from pid " + server.pid() + " within " + RELOAD_TIMEOUT.toSeconds()
                + " s of SIGHUP");
    }

    private void restart() throws Failure, IOException, InterruptedException {
        if (pidFile.running().isPresent()) {
            stop("TERM", settings.gracefulShutdownTimeout().plus(STOP_MARGIN));
        }
        start();
    }

    private ProcessHandle runningServer() throws Failure, IOException {
        return pidFile.running().orElseThrow(() -> new Failure("not running (no live process in PID file "
                + pidFile.path() + ")"));
    }

    /**
     * Sends {@code SIG<name>} with the shell's {@code kill}, a builtin wherever {@code /bin/sh} is (the
     * {@code kill} program is not on every minimal system): Java itself can send only TERM and KILL.
     */
    private static void signal(ProcessHandle server, String name) throws Failure, IOException, InterruptedException {
        Process kill = new ProcessBuilder("/bin/sh", "-c", "kill -s " + name + " " + server.pid())
                .redirectErrorStream(true).start();
        String output = new String(kill.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
            throw new Failure("cannot signal pid " + server.pid() + ": " + output);
        }
    }
}
