package dev.pollux.core.log;

import dev.pollux.core.config.SettingsReader;
import java.nio.file.Path;

/**
 * Access log settings.
 *
 * @param enabled {@code access-log.enabled}
 * @param path    {@code access-log.path}, absolute
 * @param format  {@code access-log.format}, compiled
 */
public record AccessLogSettings(boolean enabled, Path path, LogFormat format) {

    /** Reads the keys under {@code pollux.access-log}; a relative path resolves against {@code serverRoot}. */
    public static AccessLogSettings read(SettingsReader reader, Path serverRoot) {
        String format = reader.string("pollux.access-log.format");
        LogFormat compiled;
        try {
            compiled = LogFormat.parse(format);
        } catch (IllegalArgumentException e) {
            throw reader.invalid("pollux.access-log.format", e.getMessage()
                    + "; allowed: common, combined, or a LogFormat string of %h %a %l %u %t %r %m %U %q %H %>s %s"
                    + " %b %B %D %T %v %V %p %{Header}i %{Header}o %%");
        }
        return new AccessLogSettings(reader.bool("pollux.access-log.enabled"),
                reader.path("pollux.access-log.path", serverRoot), compiled);
    }
}
