package dev.pollux.core.config;

import com.typesafe.config.Config;
import dev.pollux.core.files.FileSettings;
import dev.pollux.core.http.HttpSettings;
import dev.pollux.core.log.AccessLogSettings;
import java.nio.file.Path;

/**
 * Everything the core module reads from the configuration, once per generation (at start and at each graceful
 * restart).
 *
 * @param serverRoot     {@code server-root}, absolute
 * @param serverName     {@code server-name}
 * @param extendedStatus {@code extended-status}
 * @param http           keep-alive, timeouts and request limits
 * @param files          static files
 * @param accessLog      the access log
 */
public record CoreSettings(Path serverRoot, String serverName, boolean extendedStatus, HttpSettings http,
                           FileSettings files, AccessLogSettings accessLog) {

    /**
     * Reads a configuration that {@link PolluxConfig} validated.
     *
     * @throws com.typesafe.config.ConfigException naming key, origin and what is allowed
     */
    public static CoreSettings from(Config config) {
        SettingsReader reader = new SettingsReader(config);
        Path serverRoot = reader.path("pollux.server-root", Path.of("").toAbsolutePath());
        reader.check("pollux.hostname-lookups", !reader.bool("pollux.hostname-lookups"),
                "only off is supported: Pollux does not resolve client addresses");
        return new CoreSettings(serverRoot, reader.string("pollux.server-name"),
                reader.bool("pollux.extended-status"), HttpSettings.read(reader),
                FileSettings.read(reader, serverRoot), AccessLogSettings.read(reader, serverRoot));
    }
}
