package dev.pollux.mpm.launcher;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import dev.pollux.core.Version;
import dev.pollux.core.config.PolluxConfig;
import dev.pollux.mpm.event.MpmSettings;
import dev.pollux.mpm.event.PolluxServer;
import dev.pollux.mpm.process.Parent;
import dev.pollux.mpm.process.Signals;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code pollux} command, with httpd's flags:
 *
 * <pre>
 *   pollux [-d serverroot] [-f file] [-D key=value]... [-k start|stop|graceful|graceful-stop|restart] [-t] [-v] [-h]
 * </pre>
 *
 * Without {@code -k} it serves in the foreground: SIGTERM stops it gracefully, SIGHUP restarts it gracefully
 * (re-reading the same file and {@code -D} overrides), SIGINT (Ctrl-C) stops it at once. With
 * {@code mpm.server-limit} above 1 this process is the parent of child processes that serve ({@link Parent}),
 * and the signals act on all of them. {@code -k} controls the
 * server of the same configuration through its PID file ({@link Control}); {@code -t} checks the configuration and
 * exits 0 ("Syntax OK") or 1 (the error), like {@code httpd -t}.
 */
public final class Main {

    private static final String USAGE = """
            Usage: pollux [-d serverroot] [-f file] [-D key=value]... [-k action] [-t] [-v] [-h]
              -d serverroot  directory relative paths are resolved against (default: the working directory)
              -f file        configuration file (default: serverroot/conf/pollux.conf)
              -D key=value   override a key, e.g. -D keep-alive-timeout=10s or -D 'listen=["0.0.0.0:80"]'
              -k action      control the server of this configuration through its PID file:
                               start          start it in the background (its log goes to error-log)
                               stop           stop it now, cutting requests in progress (SIGINT)
                               graceful       re-read the configuration without dropping a connection (SIGHUP);
                                              checked first as -t does, and left alone if it is invalid
                               graceful-stop  stop once requests in progress have finished (SIGTERM)
                               restart        graceful-stop if running, then start: a new process
              -t             check the configuration and exit
              -v             print the version and exit
              -h             print this help and exit""";

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs the command; returns the exit status, or blocks until a signal stops the server. */
    static int run(String[] args, PrintStream out, PrintStream err) {
        Arguments arguments;
        try {
            arguments = Arguments.parse(List.of(args));
        } catch (IllegalArgumentException e) {
            err.println("pollux: " + e.getMessage());
            err.println(USAGE);
            return 2;
        }
        if (arguments.help()) {
            out.println(USAGE);
            return 0;
        }
        if (arguments.version()) {
            out.println("Server version: " + Version.SERVER_TOKEN);
            out.println("Server built:   " + Version.BUILT);
            return 0;
        }
        Config config;
        LauncherSettings launcher;
        try {
            config = load(arguments);
            launcher = LauncherSettings.from(config);
            if (arguments.checkOnly() || (arguments.control() != null && arguments.control().startsServer())) {
                PolluxServer.check(config);
            }
            if (arguments.checkOnly()) {
                out.println("Syntax OK");
                return 0;
            }
        } catch (ConfigException | IllegalStateException e) {
            err.println("pollux: configuration error: " + e.getMessage());
            return 1;
        }
        if (arguments.control() != null) {
            return control(arguments, launcher, out, err);
        }
        return serve(arguments, config, launcher, err);
    }

    private static Config load(Arguments arguments) {
        return PolluxConfig.load(arguments.configFile(), arguments.overrides());
    }

    private static int control(Arguments arguments, LauncherSettings launcher, PrintStream out, PrintStream err) {
        try {
            new Control(launcher, arguments.serverArguments(), out).run(arguments.control());
            return 0;
        } catch (Control.Failure e) {
            err.println("pollux: -k " + arguments.control().argument() + ": " + e.getMessage());
        } catch (IOException e) {
            err.println("pollux: -k " + arguments.control().argument() + ": " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            err.println("pollux: -k " + arguments.control().argument() + ": interrupted");
        }
        return 1;
    }

    private static int serve(Arguments arguments, Config config, LauncherSettings launcher, PrintStream err) {
        Logger log = LoggerFactory.getLogger(Main.class);
        logFileDescriptorLimit(log);
        PidFile pidFile = new PidFile(launcher.pidFile());
        Served served;
        try {
            pidFile.claim().ifPresent(stale -> log.warn("Replacing the stale PID file {}: pid {} is not running",
                    pidFile.path(), stale));
            served = Served.start(config);
        } catch (ConfigException | IllegalStateException e) {
            err.println("pollux: " + (e instanceof ConfigException ? "configuration error: " : "") + e.getMessage());
            return 1;
        } catch (IOException e) {
            err.println("pollux: cannot read the PID file " + pidFile.path() + ": " + e);
            return 1;
        } catch (RuntimeException e) {
            log.error("Could not start", e);
            return 1;
        }
        // The signals first: the server is serving, and a stop may come at once.
        CountDownLatch stopped = new CountDownLatch(1);
        Path reportFile = ReloadReport.beside(pidFile.path());
        Signals.on("TERM", () -> {
            log.info("SIGTERM: stopping gracefully");
            try {
                served.stop().run();
            } finally {
                stopped.countDown();
            }
        });
        Signals.on("INT", () -> {
            log.info("SIGINT: stopping now");
            try {
                served.stopNow().run();
            } finally {
                stopped.countDown();
            }
        });
        // Any other way out of the JVM (System.exit elsewhere, a signal without a handler) still stops cleanly.
        Runtime.getRuntime().addShutdownHook(new Thread(served.stop(), "pollux-shutdown"));
        Reloader reloader = new Reloader(served.restart(), () -> load(arguments), reportFile);
        if (!Signals.on("HUP", reloader::reload)) {
            log.warn("SIGHUP is ignored by this process (started under nohup?): -k graceful cannot reach it; "
                    + "bin/pollux -k start detaches the server without that");
        }
        try {
            // The report first: -k graceful finds the server by its PID file, and then reads the report.
            new ReloadReport(0, 0, null).write(reportFile);
            pidFile.write();
        } catch (IOException e) {
            err.println("pollux: cannot write the PID file " + pidFile.path() + ": " + e);
            served.stopNow().run();
            return 1;
        }
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        reloader.close();
        try {
            pidFile.remove();
            Files.deleteIfExists(reportFile);
        } catch (IOException e) {
            log.warn("Cannot remove the PID file {}: {}", pidFile.path(), e.toString());
        }
        return 0;
    }

    /**
     * What runs in the foreground: one server, or a parent and its children.
     *
     * @param stop    the graceful stop
     * @param stopNow the immediate stop
     * @param restart the graceful restart, returning the new generation
     */
    private record Served(Runnable stop, Runnable stopNow, java.util.function.ToIntFunction<Config> restart) {

        static Served start(Config config) {
            if (MpmSettings.from(config).children().enabled()) {
                Parent parent = Parent.start(config);
                return new Served(parent::stop, () -> parent.stop(Duration.ZERO), parent::reload);
            }
            PolluxServer server = PolluxServer.start(config, List.of());
            return new Served(server::stop, () -> server.stop(Duration.ZERO), server::reload);
        }
    }

    /** bin/pollux raises the soft limit to the hard one (as nginx's worker_rlimit_nofile); say what we got. */
    private static void logFileDescriptorLimit(Logger log) {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.UnixOperatingSystemMXBean unix) {
            log.info("File descriptor limit: {}", unix.getMaxFileDescriptorCount());
        }
    }

    /**
     * The parsed command line.
     *
     * @param serverArguments the arguments less {@code -k ACTION}, with which {@code -k start} runs the server
     */
    record Arguments(Path configFile, Map<String, String> overrides, Control.Action control, boolean checkOnly,
                     boolean version, boolean help, List<String> serverArguments) {

        static Arguments parse(List<String> args) {
            Path serverRoot = null;
            Path configFile = null;
            Map<String, String> overrides = new LinkedHashMap<>();
            Control.Action control = null;
            boolean checkOnly = false;
            boolean version = false;
            boolean help = false;
            int controlAt = -1;
            for (int i = 0; i < args.size(); i++) {
                String arg = args.get(i);
                switch (arg) {
                    case "-d" -> serverRoot = Path.of(value(args, ++i, arg)).toAbsolutePath().normalize();
                    case "-f" -> configFile = Path.of(value(args, ++i, arg));
                    case "-D" -> {
                        String definition = value(args, ++i, arg);
                        int equals = definition.indexOf('=');
                        if (equals <= 0) {
                            throw new IllegalArgumentException("-D takes key=value, not '" + definition + "'");
                        }
                        overrides.put(definition.substring(0, equals).trim(), definition.substring(equals + 1));
                    }
                    case "-k" -> {
                        controlAt = i;
                        control = Control.Action.parse(value(args, ++i, arg));
                    }
                    case "-t" -> checkOnly = true;
                    case "-v" -> version = true;
                    case "-h", "--help" -> help = true;
                    default -> throw new IllegalArgumentException("unknown argument '" + arg + "'");
                }
            }
            List<String> serverArguments = new ArrayList<>(args);
            if (controlAt >= 0) {
                serverArguments.subList(controlAt, controlAt + 2).clear();
            }
            Path root = serverRoot != null ? serverRoot : Path.of("").toAbsolutePath();
            if (serverRoot != null) {
                overrides.putIfAbsent("server-root", quote(serverRoot.toString()));
            }
            return new Arguments(configFile != null ? configFile : root.resolve("conf/pollux.conf"), overrides,
                    control, checkOnly, version, help, List.copyOf(serverArguments));
        }

        private static String value(List<String> args, int index, String flag) {
            if (index >= args.size()) {
                throw new IllegalArgumentException(flag + " needs a value");
            }
            return args.get(index);
        }

        private static String quote(String text) {
            return '"' + text.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
        }
    }
}
