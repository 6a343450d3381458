package dev.pollux.core.site;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigObject;
import dev.pollux.core.config.SettingsReader;
import dev.pollux.core.files.FileSettings;
import dev.pollux.core.http.HttpSettings;
import dev.pollux.core.log.AccessLogSettings;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * One site: the server itself, or one of its name-based {@code virtual-hosts}. A virtual host's entry is laid over
 * the top-level keys, so it sets only what differs (httpd's vhost inheriting the main server's directives).
 *
 * @param serverName       {@code server-name}, lower case: the canonical name ({@code %v}, the status page's VHost)
 * @param serverAliases    {@code server-alias}, lower case: more names, with {@code *} and {@code ?} wildcards
 * @param defaultHost      {@code default}: answers requests whose host no site names
 * @param files            document root, indexes, aliases, variants
 * @param http             {@code keep-alive} and {@code max-keep-alive-requests} as this site has them; the other
 *                         connection settings are the server's
 * @param accessLog        {@code access-log}
 * @param errorDocuments   {@code error-document}
 * @param redirects        {@code redirect}, then {@code redirect-match}, in order
 * @param compression      {@code compression}
 * @param useCanonicalName {@code use-canonical-name}
 */
public record SiteSettings(String serverName, List<String> serverAliases, boolean defaultHost, FileSettings files,
                           HttpSettings http, AccessLogSettings accessLog, ErrorDocuments errorDocuments,
                           List<Redirect> redirects, CompressionSettings compression, boolean useCanonicalName) {

    /** What a virtual host's entry may set; the rest belongs to the whole server. */
    private static final Set<String> PER_HOST = Set.of("server-name", "server-alias", "default", "document-root",
            "directory-index", "options", "alias", "redirect", "redirect-match", "error-document", "precompressed",
            "languages", "language-priority", "max-ranges", "compression", "access-log", "keep-alive",
            "max-keep-alive-requests", "use-canonical-name");

    /**
     * The sites of a validated configuration: the server alone without {@code virtual-hosts}, else one per entry.
     *
     * @throws ConfigException naming the key, file:line and what is allowed
     */
    public static List<SiteSettings> readAll(Config config, Path serverRoot) {
        List<? extends ConfigObject> entries = config.getObjectList("pollux.virtual-hosts");
        if (entries.isEmpty()) {
            return List.of(read(new SettingsReader(config), serverRoot, List.of(), true));
        }
        List<SiteSettings> sites = new ArrayList<>(entries.size());
        for (int i = 0; i < entries.size(); i++) {
            ConfigObject entry = entries.get(i);
            String name = "pollux.virtual-hosts[" + i + "]";
            for (String key : entry.keySet()) {
                if (!PER_HOST.contains(key)) {
                    throw new ConfigException.BadValue(entry.get(key).origin(), name + "." + key,
                            "is not a per-host key; a virtual host may set " + PER_HOST.stream().sorted().toList());
                }
            }
            if (!entry.containsKey("server-name")) {
                throw new ConfigException.BadValue(entry.origin(), name, "every virtual host needs a server-name");
            }
            SettingsReader reader = new SettingsReader(entry.toConfig().atKey("pollux").withFallback(config));
            List<String> aliases = reader.has("pollux.server-alias")
                    ? reader.stringsMatching("pollux.server-alias", SiteSettings::isNamePattern,
                    "a host name, * and ? allowed as wildcards")
                    : List.of();
            sites.add(read(reader, serverRoot, aliases,
                    reader.has("pollux.default") && reader.bool("pollux.default")));
        }
        return List.copyOf(sites);
    }

    private static SiteSettings read(SettingsReader reader, Path serverRoot, List<String> aliases,
                                     boolean defaultHost) {
        String name = reader.string("pollux.server-name");
        reader.check("pollux.server-name", isNamePattern(name) && name.indexOf('*') < 0 && name.indexOf('?') < 0,
                "must be a host name such as www.example.com");
        return new SiteSettings(name.toLowerCase(Locale.ROOT),
                aliases.stream().map(alias -> alias.toLowerCase(Locale.ROOT)).toList(), defaultHost,
                FileSettings.read(reader, serverRoot), HttpSettings.read(reader),
                AccessLogSettings.read(reader, serverRoot), ErrorDocuments.read(reader), redirects(reader),
                CompressionSettings.read(reader), reader.bool("pollux.use-canonical-name"));
    }

    private static List<Redirect> redirects(SettingsReader reader) {
        List<Redirect> redirects = new ArrayList<>();
        reader.objects("pollux.redirect").forEach(r -> redirects.add(Redirect.readPrefix(r)));
        reader.objects("pollux.redirect-match").forEach(r -> redirects.add(Redirect.readMatch(r)));
        return List.copyOf(redirects);
    }

    private static boolean isNamePattern(String name) {
        return name.matches("[A-Za-z0-9*?]([A-Za-z0-9_*?.-]*[A-Za-z0-9*?])?\\.?")
                || name.matches("\\d{1,3}(\\.\\d{1,3}){3}") || name.matches("\\[[0-9A-Fa-f:.]+]");
    }
}
