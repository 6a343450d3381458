package dev.pollux.core.files;

import dev.pollux.core.config.SettingsReader;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Which other versions of a file the static handler may answer with.
 *
 * @param precompressed    {@code precompressed}: content codings, in order of preference, whose precompressed
 *                         files ({@code .br}, {@code .gz} beside the original) are served to clients that accept
 *                         them
 * @param multiviews       {@code options.multiviews}: a missing {@code name} is looked for as {@code name.LANG}
 * @param languages        {@code languages}: the file extensions that name a language (httpd's AddLanguage)
 * @param languagePriority {@code language-priority}: httpd's LanguagePriority, for a tie or no Accept-Language
 */
public record VariantSettings(List<String> precompressed, boolean multiviews, Set<String> languages,
                              List<String> languagePriority) {

    /** The content codings Pollux has precompressed files for, and each one's file extension. */
    static String extension(String coding) {
        return coding.equals("gzip") ? ".gz" : ".br";
    }

    static VariantSettings read(SettingsReader reader) {
        List<String> codings = reader.stringsMatching("pollux.precompressed",
                coding -> coding.equals("br") || coding.equals("gzip"), "br or gzip");
        reader.check("pollux.precompressed", codings.stream().distinct().count() == codings.size(),
                "names each coding once");
        return new VariantSettings(codings, reader.bool("pollux.options.multiviews"),
                Set.copyOf(lowerCase(reader.stringsMatching("pollux.languages", VariantSettings::isTag,
                        "a language tag such as en or pt-br"))),
                lowerCase(reader.stringsMatching("pollux.language-priority", VariantSettings::isTag,
                        "a language tag such as en or pt-br")));
    }

    private static boolean isTag(String tag) {
        return tag.matches("[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*");
    }

    private static List<String> lowerCase(List<String> tags) {
        return tags.stream().map(tag -> tag.toLowerCase(Locale.ROOT)).toList();
    }
}
