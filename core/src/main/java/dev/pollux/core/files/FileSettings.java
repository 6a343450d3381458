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
 */
public record FileSettings(Path documentRoot, List<String> directoryIndex, Path typesConfig, boolean followSymlinks,
                           boolean symlinksIfOwnerMatch, boolean enableSendfile, boolean enableMmap,
                           FileCacheSettings cache) {

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
                FileCacheSettings.read(reader));
    }
}
