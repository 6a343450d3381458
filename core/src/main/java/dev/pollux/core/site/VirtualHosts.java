package dev.pollux.core.site;

import dev.pollux.core.http.Authority;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Name-based virtual hosts as httpd chooses them: the request's host (its {@code Host}, which the poller has set
 * from an absolute-form target, RFC 9112 §3.2.2) is compared, without its port and case-insensitively, with each
 * site's {@code server-name} and {@code server-alias} names, exact names first, then wildcard aliases in the order
 * the sites are listed; a host no site names goes to the site marked {@code default}, else the first, as httpd
 * sends it to the first vhost of the address. Immutable; any thread.
 */
public final class VirtualHosts {

    private record Wildcard(Pattern pattern, Site site) {
    }

    private final List<Site> sites;
    private final Map<String, Site> exact = new HashMap<>();
    private final List<Wildcard> wildcards = new ArrayList<>();
    private final Site fallback;

    /** @param sites in the order of the configuration */
    public VirtualHosts(List<Site> sites) {
        this.sites = List.copyOf(sites);
        for (Site site : sites) {
            exact.putIfAbsent(site.name(), site);
            for (String alias : site.settings().serverAliases()) {
                if (alias.indexOf('*') < 0 && alias.indexOf('?') < 0) {
                    exact.putIfAbsent(alias, site);
                } else {
                    wildcards.add(new Wildcard(glob(alias), site));
                }
            }
        }
        this.fallback = sites.stream().filter(site -> site.settings().defaultHost()).findFirst().orElse(sites.get(0));
    }

    /** Every site, in the order of the configuration. */
    public List<Site> sites() {
        return sites;
    }

    /** The site of the default host, which answers what comes before a host is known. */
    public Site fallback() {
        return fallback;
    }

    /** The site for a request whose {@code Host} is {@code host}; {@code null} or empty selects the default. */
    public Site select(String host) {
        if (sites.size() == 1 || host == null || host.isEmpty()) {
            return fallback;
        }
        String name = Authority.hostName(host);
        Site site = exact.get(name);
        if (site != null) {
            return site;
        }
        for (Wildcard wildcard : wildcards) {
            if (wildcard.pattern().matcher(name).matches()) {
                return wildcard.site();
            }
        }
        return fallback;
    }

    /** httpd's fnmatch for ServerAlias: {@code *} any run of characters (dots included), {@code ?} one. */
    private static Pattern glob(String alias) {
        StringBuilder regex = new StringBuilder();
        for (char c : alias.toCharArray()) {
            regex.append(c == '*' ? ".*" : c == '?' ? "." : Pattern.quote(String.valueOf(c)));
        }
        return Pattern.compile(regex.toString());
    }
}
