package dev.pollux.mpm.dns;

import com.typesafe.config.Config;
import dev.pollux.core.config.SettingsReader;
import io.netty.util.NetUtil;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code dns} keys: how {@link ClientNames} asks for client names, read once per generation.
 *
 * @param resolvers    {@code dns.resolvers}: the name servers, asked in order; empty for those of /etc/resolv.conf
 * @param queryTimeout {@code dns.query-timeout}: how long one query may go unanswered
 * @param negativeTtl  {@code dns.negative-ttl}: how long "no name" is remembered
 * @param maxTtl       {@code dns.max-ttl}: the longest a name is remembered, whatever its record's TTL
 * @param cacheSize    {@code dns.cache-size}: client addresses remembered, and the most lookups in flight
 */
public record DnsSettings(List<InetSocketAddress> resolvers, Duration queryTimeout, Duration negativeTtl,
                          Duration maxTtl, int cacheSize) {

    private static final String RESOLVERS = "pollux.dns.resolvers";

    /**
     * Reads the {@code dns} keys.
     *
     * @throws com.typesafe.config.ConfigException naming key, origin and what is allowed
     */
    public static DnsSettings from(Config config) {
        SettingsReader reader = new SettingsReader(config);
        List<InetSocketAddress> resolvers = new ArrayList<>();
        for (String entry : reader.strings(RESOLVERS)) {
            resolvers.add(nameServer(reader, entry));
        }
        return new DnsSettings(List.copyOf(resolvers),
                reader.durationBetween("pollux.dns.query-timeout", Duration.ofMillis(100), Duration.ofMinutes(1)),
                reader.durationBetween("pollux.dns.negative-ttl", Duration.ofSeconds(1), Duration.ofDays(1)),
                reader.durationBetween("pollux.dns.max-ttl", Duration.ofSeconds(1), Duration.ofDays(7)),
                reader.intBetween("pollux.dns.cache-size", 1, 10_000_000));
    }

    /**
     * {@code a.b.c.d:port} or {@code [IPv6]:port}. Literals only: a name server given by name would need a name
     * server to find it.
     */
    private static InetSocketAddress nameServer(SettingsReader reader, String entry) {
        int colon = entry.lastIndexOf(':');
        String host = colon < 0 ? "" : entry.substring(0, colon);
        String port = colon < 0 ? "" : entry.substring(colon + 1);
        boolean bracketed = host.length() > 2 && host.startsWith("[") && host.endsWith("]");
        if (bracketed) {
            host = host.substring(1, host.length() - 1);
        }
        boolean literal = bracketed ? NetUtil.isValidIpV6Address(host) : NetUtil.isValidIpV4Address(host);
        int number = port.matches("[0-9]{1,5}") ? Integer.parseInt(port) : -1;
        reader.check(RESOLVERS, literal && number >= 1 && number <= 65_535,
                "'" + entry + "' is not a name server as a.b.c.d:port or [IPv6]:port with a port from 1 to 65535");
        return new InetSocketAddress(NetUtil.createInetAddressFromIpAddressString(host), number);
    }
}
