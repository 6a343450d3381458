package dev.pollux.mpm.dns;

import io.netty.resolver.HostsFileEntriesProvider;
import java.net.InetAddress;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The inverse of /etc/hosts, consulted before any PTR query as the C library's {@code getnameinfo} (and so httpd)
 * does with {@code hosts: files dns} in nsswitch.conf.
 */
final class HostsNames {

    private HostsNames() {
    }

    /** Reads the platform's hosts file; blocks on the file, so it runs once, at start. An unreadable file is empty. */
    static Map<InetAddress, String> read() {
        return inverse(HostsFileEntriesProvider.parser().parseSilently());
    }

    /** Each address with one of its names. */
    static Map<InetAddress, String> inverse(HostsFileEntriesProvider hosts) {
        Map<InetAddress, String> names = new HashMap<>();
        for (Map<String, List<InetAddress>> byName : List.of(hosts.ipv4Entries(), hosts.ipv6Entries())) {
            byName.forEach((name, addresses) -> {
                for (InetAddress address : addresses) {
                    names.merge(address, name, HostsNames::preferred);
                }
            });
        }
        return Map.copyOf(names);
    }

    /**
     * Netty's parser keeps no line order, so the line's first (canonical) name cannot be told from its aliases;
     * the longest name, the most qualified one, stands in for it, and ties go alphabetically so that every start
     * picks the same.
     */
    private static String preferred(String one, String other) {
        if (one.length() != other.length()) {
            return one.length() > other.length() ? one : other;
        }
        return one.compareTo(other) <= 0 ? one : other;
    }
}
