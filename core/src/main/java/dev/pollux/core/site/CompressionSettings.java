package dev.pollux.core.site;

import dev.pollux.core.config.SettingsReader;
import java.util.Locale;
import java.util.Set;

/**
 * On-the-fly gzip of responses, httpd's mod_deflate and nginx's {@code gzip}.
 *
 * @param enabled   {@code compression.enabled}
 * @param types     {@code compression.types}: media types compressed (without parameters), lower case
 * @param minLength {@code compression.min-length}: smaller bodies go as they are
 * @param maxLength {@code compression.max-length}: larger bodies go as they are (compressed in memory on a worker)
 * @param level     {@code compression.level}: 1 (fastest) to 9 (smallest)
 */
public record CompressionSettings(boolean enabled, Set<String> types, long minLength, long maxLength, int level) {

    static CompressionSettings read(SettingsReader reader) {
        return new CompressionSettings(reader.bool("pollux.compression.enabled"),
                Set.copyOf(reader.stringsMatching("pollux.compression.types",
                        type -> type.matches("[\\w.+-]+/[\\w.+-]+"), "a media type such as text/css")
                        .stream().map(type -> type.toLowerCase(Locale.ROOT)).toList()),
                reader.bytesBetween("pollux.compression.min-length", 0, Integer.MAX_VALUE),
                reader.bytesBetween("pollux.compression.max-length", 0, 256L << 20),
                reader.intBetween("pollux.compression.level", 1, 9));
    }
}
