package dev.pollux.mpm.event;

import com.typesafe.config.Config;
import dev.pollux.core.config.SettingsReader;
import dev.pollux.core.scoreboard.ScoreboardMemory;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Everything the event MPM reads from the configuration, once per generation (at start and at each graceful
 * restart).
 *
 * @param listen                   {@code listen}: the addresses to bind
 * @param sslListen                {@code ssl.listen}: the addresses to bind for TLS (httpd's {@code Listen 443 https})
 * @param listenBacklog            {@code listen-backlog}
 * @param sendBufferSize           {@code send-buffer-size}; 0 = the OS default
 * @param receiveBufferSize        {@code receive-buffer-size}; 0 = the OS default
 * @param notSentLowWater          {@code tcp-notsent-lowat}; 0 = the OS default
 * @param gracefulShutdownTimeout  {@code graceful-shutdown-timeout}
 * @param transport                {@code mpm.transport}
 * @param pollers                  {@code mpm.pollers}
 * @param type                     {@code mpm.type}
 * @param children                 the child processes: {@code mpm.server-limit}, {@code start-servers},
 *                                 {@code min/max-spare-servers}, {@code max-connections-per-child}
 * @param threadsPerChild          {@code mpm.threads-per-child}: workers a process starts with, and the step in
 *                                 which spare workers are retired
 * @param maxRequestWorkers        {@code mpm.max-request-workers}, a multiple of threads-per-child: this process's
 *                                 most workers (a child is given its share)
 * @param minSpareThreads          {@code mpm.min-spare-threads}
 * @param maxSpareThreads          {@code mpm.max-spare-threads}
 * @param queueCapacity            decoded requests that may wait for a worker
 * @param maxConnections           {@code mpm.max-connections}; 0 = no limit
 */
public record MpmSettings(List<InetSocketAddress> listen, List<InetSocketAddress> sslListen, int listenBacklog,
                          int sendBufferSize, int receiveBufferSize, int notSentLowWater,
                          Duration gracefulShutdownTimeout, Transport transport, int pollers, MpmType type,
                          Children children, int threadsPerChild, int maxRequestWorkers, int minSpareThreads,
                          int maxSpareThreads, int queueCapacity, int maxConnections) {

    /**
     * The process model: how many child processes a parent runs, and when it replaces one.
     *
     * @param serverLimit            {@code mpm.server-limit}: the most child processes, stopping ones included;
     *                               1 = no children, this process serves
     * @param startServers           {@code mpm.start-servers}: the children of event and worker (always that many),
     *                               and prefork's first
     * @param minSpareServers        {@code mpm.min-spare-servers}: prefork's fewest idle children
     * @param maxSpareServers        {@code mpm.max-spare-servers}: prefork's most idle children
     * @param maxConnectionsPerChild {@code mpm.max-connections-per-child}: a child that accepted this many stops
     *                               gracefully and is replaced; 0 = never
     * @param childJavaOptions       {@code mpm.child-java-options}: the child JVMs' options
     * @param acceptMutex            {@code mpm.accept-mutex = fcntl}: prefork's children accept in turn
     */
    public record Children(int serverLimit, int startServers, int minSpareServers, int maxSpareServers,
                           int maxConnectionsPerChild, List<String> childJavaOptions, boolean acceptMutex) {

        /** Whether a parent runs children, rather than this process serving itself. */
        public boolean enabled() {
            return serverLimit > 1;
        }
    }

    /**
     * The settings of one child process: its share of the workers (event and worker: {@code max-request-workers},
     * the spare-thread bounds and {@code max-connections} divided among {@code start-servers} children, each at
     * least {@code threads-per-child}; prefork: one worker), served in the child itself.
     */
    public MpmSettings childShare() {
        int threads;
        int workers;
        int minSpare;
        int maxSpare;
        if (type == MpmType.PREFORK) {
            threads = 1;
            workers = 1;
            minSpare = 0;
            maxSpare = 1;
        } else {
            int processes = children.startServers();
            threads = threadsPerChild;
            workers = Math.max(threads, maxRequestWorkers / processes / threads * threads);
            minSpare = Math.min(workers, minSpareThreads / processes);
            maxSpare = Math.max(maxSpareThreads / processes, minSpare + threads);
        }
        Children none = new Children(1, 1, children.minSpareServers(), children.maxSpareServers(),
                children.maxConnectionsPerChild(), children.childJavaOptions(), children.acceptMutex());
        int connections = maxConnections == 0 ? 0 : Math.max(1, maxConnections / children.startServers());
        return new MpmSettings(listen, sslListen, listenBacklog, sendBufferSize, receiveBufferSize, notSentLowWater,
                gracefulShutdownTimeout, transport, pollers, type, none, threads, workers, minSpare, maxSpare,
                (int) Math.max(2, (long) queueCapacity * workers / maxRequestWorkers), connections);
    }

    /**
     * Connections the listeners accept at most: {@code max-connections}, and with a thread per connection no more
     * than there are workers; 0 = no limit.
     */
    public int connectionLimit() {
        if (!type.threadPerConnection()) {
            return maxConnections;
        }
        return maxConnections == 0 ? maxRequestWorkers : Math.min(maxConnections, maxRequestWorkers);
    }

    /**
     * Reads a configuration that {@link dev.pollux.core.config.PolluxConfig} validated.
     *
     * @throws com.typesafe.config.ConfigException naming key, origin and what is allowed
     */
    public static MpmSettings from(Config config) {
        SettingsReader reader = new SettingsReader(config);
        int threadsPerChild = reader.intBetween("pollux.mpm.threads-per-child", 1, 10_000);
        MpmType type = reader.oneOf("pollux.mpm.type", MpmType.class);
        int maxRequestWorkers;
        if (type == MpmType.PREFORK) {
            // Prefork's max-request-workers counts single-threaded children: threads-per-child does not apply.
            maxRequestWorkers = reader.intBetween("pollux.mpm.max-request-workers", 1, 20_000);
        } else {
            maxRequestWorkers = reader.intBetween("pollux.mpm.max-request-workers", threadsPerChild, 20_000);
            maxRequestWorkers -= maxRequestWorkers % threadsPerChild;
        }
        Children children = children(reader, type, threadsPerChild, maxRequestWorkers);
        // Prefork's children are single-threaded: the spare-thread bounds do not apply to it.
        boolean threads = type != MpmType.PREFORK;
        int minSpare = reader.intBetween("pollux.mpm.min-spare-threads", 0, threads ? maxRequestWorkers : 20_000);
        int maxSpare = reader.intBetween("pollux.mpm.max-spare-threads", 1, 20_000);
        reader.check("pollux.mpm.max-spare-threads", !threads || maxSpare >= minSpare + threadsPerChild,
                "must be at least min-spare-threads + threads-per-child (" + (minSpare + threadsPerChild) + ")");
        double factor = reader.doubleBetween("pollux.mpm.async-request-worker-factor", 0.01, 1000);
        List<InetSocketAddress> listen = listenAddresses(reader, "pollux.listen");
        List<InetSocketAddress> sslListen = listenAddresses(reader, "pollux.ssl.listen");
        for (InetSocketAddress address : sslListen) {
            reader.check("pollux.ssl.listen", address.getPort() == 0 || !listen.contains(address),
                    address + " is in listen already: an address is either cleartext or TLS");
        }
        reader.check("pollux.listen", !listen.isEmpty() || !sslListen.isEmpty(),
                "listen or ssl.listen must name an address");
        MpmSettings settings = new MpmSettings(
                listen,
                sslListen,
                reader.intBetween("pollux.listen-backlog", 1, 65_535),
                bufferSize(reader, "pollux.send-buffer-size"),
                bufferSize(reader, "pollux.receive-buffer-size"),
                (int) reader.bytesBetween("pollux.tcp-notsent-lowat", 0, Integer.MAX_VALUE),
                reader.durationBetween("pollux.graceful-shutdown-timeout", Duration.ZERO, Duration.ofHours(1)),
                reader.oneOf("pollux.mpm.transport", Transport.class),
                reader.intBetween("pollux.mpm.pollers", 1, 256),
                type,
                children,
                threadsPerChild,
                maxRequestWorkers,
                minSpare,
                maxSpare,
                (int) Math.max(2, Math.ceil(maxRequestWorkers * factor)),
                reader.intBetween("pollux.mpm.max-connections", 0, 10_000_000));
        if (children.enabled()) {
            long scoreboard = ScoreboardMemory.fileSize(children.serverLimit(),
                    settings.childShare().maxRequestWorkers(), settings.pollers());
            reader.check("pollux.mpm.server-limit", scoreboard <= ScoreboardMemory.MAX_FILE_SIZE,
                    "server-limit x each child's workers makes a scoreboard of " + scoreboard + " bytes; at most "
                            + ScoreboardMemory.MAX_FILE_SIZE);
        }
        return settings;
    }

    private static Children children(SettingsReader reader, MpmType type, int threadsPerChild,
                                     int maxRequestWorkers) {
        int serverLimit = reader.intBetween("pollux.mpm.server-limit", 1, 20_000);
        int startServers = reader.intBetween("pollux.mpm.start-servers", 1, 20_000);
        reader.check("pollux.mpm.start-servers", startServers <= serverLimit, "counts child processes: at most "
                + "server-limit (" + serverLimit + "); a single process starts threads-per-child workers");
        int minSpare = reader.intBetween("pollux.mpm.min-spare-servers", 1, 20_000);
        int maxSpare = reader.intBetween("pollux.mpm.max-spare-servers", 1, 20_000);
        int perChild = reader.intBetween("pollux.mpm.max-connections-per-child", 0, Integer.MAX_VALUE);
        reader.check("pollux.mpm.max-connections-per-child", perChild == 0 || serverLimit > 1,
                "needs children (server-limit of at least 2): the parent replaces a child that reached it");
        if (type == MpmType.PREFORK) {
            reader.check("pollux.mpm.server-limit", serverLimit > 1,
                    "prefork serves in child processes: set the most children, at least 2");
            reader.check("pollux.mpm.max-request-workers", maxRequestWorkers <= serverLimit,
                    "prefork's max-request-workers counts children: at most server-limit (" + serverLimit + ")");
            reader.check("pollux.mpm.start-servers", startServers <= maxRequestWorkers,
                    "prefork starts at most max-request-workers (" + maxRequestWorkers + ") children");
            reader.check("pollux.mpm.max-spare-servers", maxSpare > minSpare,
                    "must be more than min-spare-servers (" + minSpare + ")");
        } else if (serverLimit > 1) {
            reader.check("pollux.mpm.start-servers", startServers * (long) threadsPerChild <= maxRequestWorkers,
                    "each of start-servers children needs threads-per-child of max-request-workers ("
                            + maxRequestWorkers + ")");
        }
        String mutex = reader.string("pollux.mpm.accept-mutex");
        reader.check("pollux.mpm.accept-mutex", mutex.equals("fcntl") || mutex.equals("none"),
                "must be fcntl (children accept in turn) or none (every idle child polls the listeners)");
        return new Children(serverLimit, startServers, minSpare, maxSpare, perChild,
                reader.strings("pollux.mpm.child-java-options"), mutex.equals("fcntl"));
    }

    private static int bufferSize(SettingsReader reader, String key) {
        int size = (int) reader.bytesBetween(key, 0, Integer.MAX_VALUE);
        reader.check(key, size == 0 || size >= 512, "must be 0 (the OS default) or at least 512 bytes");
        return size;
    }

    private static List<InetSocketAddress> listenAddresses(SettingsReader reader, String key) {
        List<InetSocketAddress> addresses = new ArrayList<>();
        for (String entry : reader.strings(key)) {
            addresses.add(parseListen(key, entry, reader));
        }
        return List.copyOf(addresses);
    }

    /** httpd's {@code Listen [host:]port}; IPv6 hosts in brackets. */
    private static InetSocketAddress parseListen(String key, String entry, SettingsReader reader) {
        String host = null;
        String port = entry;
        int colon = entry.lastIndexOf(':');
        if (colon >= 0) {
            host = entry.substring(0, colon);
            port = entry.substring(colon + 1);
            if (host.startsWith("[") && host.endsWith("]")) {
                host = host.substring(1, host.length() - 1);
            }
        }
        int number;
        try {
            number = Integer.parseInt(port);
        } catch (NumberFormatException e) {
            number = -1;
        }
        reader.check(key, number >= 0 && number <= 65_535 && (host == null || !host.isEmpty()),
                "'" + entry + "' is not [host:]port with a port from 0 to 65535");
        return host == null ? new InetSocketAddress(number) : new InetSocketAddress(host, number);
    }
}
