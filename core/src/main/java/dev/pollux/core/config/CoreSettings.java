package dev.pollux.core.config;

import com.typesafe.config.Config;
import dev.pollux.core.files.FileSettings;
import dev.pollux.core.http.HttpSettings;
import dev.pollux.core.log.AccessLogSettings;
import dev.pollux.core.site.SiteSettings;
import java.nio.file.Path;
import java.util.List;

/**
 * Everything the core module reads from the configuration, once per generation (at start and at each graceful
 * restart).
 *
 * @param serverRoot     {@code server-root}, absolute
 * @param serverName     {@code server-name}
 * @param extendedStatus {@code extended-status}
 * @param http           keep-alive, timeouts and request limits
 * @param files          static files of the server (the first site): sendfile, mmap and the types file are
 *                       the server's
 * @param accessLog      the server's access log, for requests answered before a site is known
 * @param sites          the server itself, or its virtual hosts
 * @param traceEnable    {@code trace-enable}
 */
public record CoreSettings(Path serverRoot, String serverName, boolean extendedStatus, HttpSettings http,
                           FileSettings files, AccessLogSettings accessLog, List<SiteSettings> sites,
                           boolean traceEnable) {

    /**
     * Reads a configuration that {@link PolluxConfig} validated.
     *
     * @throws com.typesafe.config.ConfigException naming key, origin and what is allowed
     */
    public static CoreSettings from(Config config) {
        SettingsReader reader = new SettingsReader(config);
        Path serverRoot = reader.path("pollux.server-root", Path.of("").toAbsolutePath());
        return new CoreSettings(serverRoot, reader.string("pollux.server-name"),
                reader.bool("pollux.extended-status"), HttpSettings.read(reader),
                FileSettings.read(reader, serverRoot), AccessLogSettings.read(reader, serverRoot),
                SiteSettings.readAll(config, serverRoot), reader.bool("pollux.trace-enable"));
    }
}
