package dev.pollux.core.files;

import dev.pollux.core.config.SettingsReader;
import dev.pollux.core.http.RequestException;
import dev.pollux.core.http.RequestPath;
import java.nio.file.Path;
import java.util.List;

/**
 * httpd's {@code Alias}: requests under a URL prefix are served from a directory outside the document root.
 * The prefix matches whole segments ({@code /icons} matches {@code /icons} and {@code /icons/a.png}, never
 * {@code /iconsx}); a prefix written with a trailing slash matches only paths that go on past it, as mod_alias's
 * does, so {@code /icons/} leaves {@code /icons} to the document root.
 *
 * @param prefix    the decoded, normalised segments of the URL prefix
 * @param directory whether the prefix was written with a trailing slash
 * @param path      the directory served there, absolute
 */
public record Alias(List<String> prefix, boolean directory, Path path) {

    /** Reads one element of {@code alias}: {@code { url = "/icons/", path = "/usr/share/icons" }}. */
    static Alias read(SettingsReader reader, Path serverRoot) {
        String url = reader.string("url");
        RequestPath parsed;
        try {
            parsed = RequestPath.parse(url);
        } catch (RequestException e) {
            throw reader.invalid("url", "must be an absolute URL path such as /icons/");
        }
        reader.check("url", !parsed.segments().isEmpty(), "must name a path below /");
        return new Alias(parsed.segments(), parsed.trailingSlash(), reader.path("path", serverRoot));
    }

    /** The segments of {@code path} below this alias's directory, or {@code null} if it does not apply. */
    List<String> rest(RequestPath path) {
        List<String> segments = path.segments();
        if (segments.size() < prefix.size() || !segments.subList(0, prefix.size()).equals(prefix)) {
            return null;
        }
        if (directory && segments.size() == prefix.size() && !path.trailingSlash()) {
            return null;
        }
        return segments.subList(prefix.size(), segments.size());
    }
}
