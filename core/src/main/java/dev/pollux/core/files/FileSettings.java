package dev.pollux.core.files;

import dev.pollux.core.config.SettingsReader;
import java.nio.file.Path;
import java.util.List;

/**
 * Static file serving settings.
 *
 * @param documentRoot         {@code document-root}, absolute
 * @param directoryIndex       {@code directory-index}, bare file names
 * @param typesConfig          {@code types-config}, absolute
 * @param followSymlinks       {@code options.follow-symlinks}
 * @param symlinksIfOwnerMatch {@code options.symlinks-if-owner-match}
 * @param enableSendfile       {@code enable-sendfile}
 * @param enableMmap           {@code enable-mmap}
 * @param cache                {@code file-cache.*}
 * @param indexes              {@code options.indexes}: list a directory that has no index file
 * @param maxRanges            {@code max-ranges}: the most ranges one request may ask for; 0 = ranges ignored
 * @param aliases              {@code alias}: URL prefixes served from other directories, in order
 * @param variants             precompressed and language variants
 */
public record FileSettings(Path documentRoot, List<String> directoryIndex, Path typesConfig, boolean followSymlinks,
                           boolean symlinksIfOwnerMatch, boolean enableSendfile, boolean enableMmap,
                           FileCacheSettings cache, boolean indexes, int maxRanges, List<Alias> aliases,
                           VariantSettings variants) {

    /** Reads the keys under {@code pollux}; relative paths resolve against {@code serverRoot}. */
    public static FileSettings read(SettingsReader reader, Path serverRoot) {
        return new FileSettings(
                reader.path("pollux.document-root", serverRoot),
                reader.stringsMatching("pollux.directory-index",
                        name -> !name.isEmpty() && name.indexOf('/') < 0 && !name.startsWith("."),
                        "a bare file name such as index.html"),
                reader.path("pollux.types-config", serverRoot),
                reader.bool("pollux.options.follow-symlinks"),
                reader.bool("pollux.options.symlinks-if-owner-match"),
                reader.bool("pollux.enable-sendfile"),
                reader.bool("pollux.enable-mmap"),
                FileCacheSettings.read(reader),
                reader.bool("pollux.options.indexes"),
                reader.intBetween("pollux.max-ranges", 0, 100_000),
                reader.objects("pollux.alias").stream().map(alias -> Alias.read(alias, serverRoot)).toList(),
                VariantSettings.read(reader));
    }
}
