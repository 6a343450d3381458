package dev.pollux.mpm.h2;

import com.typesafe.config.Config;
import dev.pollux.core.config.SettingsReader;
import io.netty.handler.ssl.ApplicationProtocolNames;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The {@code protocols} key (httpd's Protocols) and the {@code h2} keys (mod_http2's H2 directives), read once per
 * generation.
 *
 * @param overTls              {@code h2} is listed: offered through ALPN on the {@code ssl.listen} listeners
 * @param cleartext            {@code h2c} is listed: spoken on the cleartext listeners by a client that opens
 *                             with the HTTP/2 preface (prior knowledge)
 * @param maxConcurrentStreams {@code h2.max-concurrent-streams} (H2MaxSessionStreams): streams a client may
 *                             have open on one connection, and so requests of it in workers at once
 * @param maxStreamsInWorkers  {@code h2.max-streams-in-workers}: streams of one connection queued for or in workers
 *                             at once; its other complete requests wait on the poller, in order
 * @param windowSize           {@code h2.window-size} (H2WindowSize): each stream's initial flow-control window
 * @param maxResets            {@code h2.max-resets}: streams a client may reset per {@code resetWindow} before the
 *                             connection is closed (rapid reset, CVE-2023-44487)
 * @param resetWindow          {@code h2.reset-window}
 */
public record H2Settings(boolean overTls, boolean cleartext, int maxConcurrentStreams, int maxStreamsInWorkers,
                         int windowSize,
                         int maxResets, Duration resetWindow) {

    private static final String H2C = "h2c";
    private static final Set<String> PROTOCOLS = Set.of(ApplicationProtocolNames.HTTP_2, H2C,
            ApplicationProtocolNames.HTTP_1_1);

    /**
     * Reads {@code protocols} and {@code h2}.
     *
     * @throws com.typesafe.config.ConfigException naming key, origin and what is allowed
     */
    public static H2Settings from(Config config) {
        SettingsReader reader = new SettingsReader(config);
        List<String> protocols = reader.stringsMatching("pollux.protocols", PROTOCOLS::contains,
                "h2, h2c, http/1.1");
        reader.check("pollux.protocols", protocols.contains(ApplicationProtocolNames.HTTP_1_1),
                "must list http/1.1: every listener speaks it");
        return new H2Settings(protocols.contains(ApplicationProtocolNames.HTTP_2), protocols.contains(H2C),
                reader.intBetween("pollux.h2.max-concurrent-streams", 1, 10_000),
                reader.intBetween("pollux.h2.max-streams-in-workers", 1, 10_000),
                reader.intBetween("pollux.h2.window-size", 1, Integer.MAX_VALUE),
                reader.intBetween("pollux.h2.max-resets", 1, 1_000_000),
                reader.durationBetween("pollux.h2.reset-window", Duration.ofSeconds(1), Duration.ofHours(1)));
    }

    /** What ALPN offers on a TLS listener, most preferred first. */
    public List<String> alpn() {
        List<String> offered = new ArrayList<>(2);
        if (overTls) {
            offered.add(ApplicationProtocolNames.HTTP_2);
        }
        offered.add(ApplicationProtocolNames.HTTP_1_1);
        return List.copyOf(offered);
    }
}
