package dev.pollux.mpm.launcher;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import dev.pollux.core.Version;
import dev.pollux.core.config.PolluxConfig;
import dev.pollux.mpm.event.PolluxServer;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
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
 *   pollux [-d serverroot] [-f file] [-D key=value]... [-t] [-v] [-h]
 * </pre>
 *
 * Starts the server and stops it gracefully on SIGTERM or Ctrl-C; {@code -t} checks the configuration and exits 0
 * ("Syntax OK") or 1 (the error), like {@code httpd -t}.
 */
public final class Main {

    private static final String USAGE = """
            Usage: pollux [-d serverroot] [-f file] [-D key=value]... [-t] [-v] [-h]
              -d serverroot  directory relative paths are resolved against (default: the working directory)
              -f file        configuration file (default: serverroot/conf/pollux.conf)
              -D key=value   override a key, e.g. -D keep-alive-timeout=10s or -D 'listen=["0.0.0.0:80"]'
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
        try {
            config = PolluxConfig.load(arguments.configFile(), arguments.overrides());
            if (arguments.checkOnly()) {
                PolluxServer.check(config);
                out.println("Syntax OK");
                return 0;
            }
        } catch (ConfigException | IllegalStateException e) {
            err.println("pollux: configuration error: " + e.getMessage());
            return 1;
        }
        return serve(config, err);
    }

    private static int serve(Config config, PrintStream err) {
        Logger log = LoggerFactory.getLogger(Main.class);
        logFileDescriptorLimit(log);
        PolluxServer server;
        try {
            server = PolluxServer.start(config, List.of());
        } catch (ConfigException | IllegalStateException e) {
            err.println("pollux: configuration error: " + e.getMessage());
            return 1;
        } catch (RuntimeException e) {
            log.error("Could not start", e);
            return 1;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            log.info("Signal received: stopping gracefully");
            server.stop();
            stopped.countDown();
        }, "pollux-shutdown"));
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }

    /** bin/pollux raises the soft limit to the hard one (as nginx's worker_rlimit_nofile); say what we got. */
    private static void logFileDescriptorLimit(Logger log) {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.UnixOperatingSystemMXBean unix) {
            log.info("File descriptor limit: {}", unix.getMaxFileDescriptorCount());
        }
    }

    /** The parsed command line. */
    record Arguments(Path configFile, Map<String, String> overrides, boolean checkOnly, boolean version,
                     boolean help) {

        static Arguments parse(List<String> args) {
            Path serverRoot = null;
            Path configFile = null;
            Map<String, String> overrides = new LinkedHashMap<>();
            boolean checkOnly = false;
            boolean version = false;
            boolean help = false;
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
                    case "-t" -> checkOnly = true;
                    case "-v" -> version = true;
                    case "-h", "--help" -> help = true;
                    default -> throw new IllegalArgumentException("unknown argument '" + arg + "'");
                }
            }
            Path root = serverRoot != null ? serverRoot : Path.of("").toAbsolutePath();
            if (serverRoot != null) {
                overrides.putIfAbsent("server-root", quote(serverRoot.toString()));
            }
            return new Arguments(configFile != null ? configFile : root.resolve("conf/pollux.conf"), overrides,
                    checkOnly, version, help);
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
