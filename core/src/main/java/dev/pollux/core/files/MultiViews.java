package dev.pollux.core.files;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * httpd's {@code Options MultiViews} for languages: a request for {@code index.html} that names no file finds
 * {@code index.html.en}, {@code index.html.fr}, ... in the same directory and the handler picks one by the client's
 * Accept-Language. Only extensions listed in {@code languages} count, so {@code index.html.bak} is never a variant.
 * The cost httpd's performance notes warn of is real here too: a directory read per such request, which is why
 * it is off by default and only asked for when the name itself is missing. Worker threads.
 */
final class MultiViews {

    /** One file that is {@code name.LANG}. */
    record Variant(String language, Path path) {
    }

    private MultiViews() {
    }

    /** The language variants of the missing {@code file}, sorted by language tag; empty when there are none. */
    static List<Variant> of(Path file, Set<String> languages) {
        Path directory = file.getParent();
        String prefix = file.getFileName().toString() + '.';
        List<Variant> variants = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory,
                entry -> entry.getFileName().toString().startsWith(prefix))) {
            for (Path entry : entries) {
                String language = entry.getFileName().toString().substring(prefix.length()).toLowerCase(Locale.ROOT);
                if (languages.contains(language)) {
                    variants.add(new Variant(language, entry));
                }
            }
        } catch (IOException e) {
            return List.of();
        }
        variants.sort((a, b) -> a.language().compareTo(b.language()));
        return variants;
    }
}
