package dev.pollux.mpm.event;

import com.typesafe.config.Config;
import dev.pollux.core.config.SettingsReader;
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
 * @param startWorkers             {@code mpm.start-servers} x {@code mpm.threads-per-child}
 * @param threadsPerChild          {@code mpm.threads-per-child}: the step in which spare workers are retired
 * @param maxRequestWorkers        {@code mpm.max-request-workers}, a multiple of threads-per-child
 * @param minSpareThreads          {@code mpm.min-spare-threads}
 * @param maxSpareThreads          {@code mpm.max-spare-threads}
 * @param queueCapacity            decoded requests that may wait for a worker
 * @param maxConnections           {@code mpm.max-connections}; 0 = no limit
 */
public record MpmSettings(List<InetSocketAddress> listen, List<InetSocketAddress> sslListen, int listenBacklog,
                          int sendBufferSize, int receiveBufferSize, int notSentLowWater,
                          Duration gracefulShutdownTimeout, Transport transport, int pollers, int startWorkers,
                          int threadsPerChild, int maxRequestWorkers, int minSpareThreads, int maxSpareThreads,
                          int queueCapacity, int maxConnections) {

    /**
     * Reads a configuration that {@link dev.pollux.core.config.PolluxConfig} validated.
     *
     * @throws com.typesafe.config.ConfigException naming key, origin and what is allowed
     */
    public static MpmSettings from(Config config) {
        SettingsReader reader = new SettingsReader(config);
        int threadsPerChild = reader.intBetween("pollux.mpm.threads-per-child", 1, 10_000);
        int maxRequestWorkers = reader.intBetween("pollux.mpm.max-request-workers", threadsPerChild, 20_000);
        maxRequestWorkers -= maxRequestWorkers % threadsPerChild;
        int startServers = reader.intBetween("pollux.mpm.start-servers", 1, 20_000);
        reader.check("pollux.mpm.start-servers", startServers * (long) threadsPerChild <= maxRequestWorkers,
                "start-servers x threads-per-child must not exceed max-request-workers (" + maxRequestWorkers + ")");
        int minSpare = reader.intBetween("pollux.mpm.min-spare-threads", 0, maxRequestWorkers);
        int maxSpare = reader.intBetween("pollux.mpm.max-spare-threads", 1, 20_000);
        reader.check("pollux.mpm.max-spare-threads", maxSpare >= minSpare + threadsPerChild,
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
        return new MpmSettings(
                listen,
                sslListen,
                reader.intBetween("pollux.listen-backlog", 1, 65_535),
                bufferSize(reader, "pollux.send-buffer-size"),
                bufferSize(reader, "pollux.receive-buffer-size"),
                (int) reader.bytesBetween("pollux.tcp-notsent-lowat", 0, Integer.MAX_VALUE),
                reader.durationBetween("pollux.graceful-shutdown-timeout", Duration.ZERO, Duration.ofHours(1)),
                reader.oneOf("pollux.mpm.transport", Transport.class),
                reader.intBetween("pollux.mpm.pollers", 1, 256),
                startServers * threadsPerChild,
                threadsPerChild,
                maxRequestWorkers,
                minSpare,
                maxSpare,
                (int) Math.max(2, Math.ceil(maxRequestWorkers * factor)),
                reader.intBetween("pollux.mpm.max-connections", 0, 10_000_000));
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
