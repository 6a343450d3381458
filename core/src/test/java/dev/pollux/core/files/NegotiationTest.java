package dev.pollux.core.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class NegotiationTest {

    private static final List<String> BR_GZIP = List.of("br", "gzip");
    private static final List<String> EN_FR_PT = List.of("en", "fr", "pt-br");

    /** An {@code Accept-Encoding} and the coding to send from br and gzip (null: identity), and why. */
    record Coding(String header, String expected, String why) {
        @Override
        public String toString() {
            return header + " -> " + expected + " (" + why + ")";
        }
    }

    /** An {@code Accept-Language}, the variants and priority on offer, and the variant to send (null: 406). */
    record Language(String header, List<String> variants, List<String> priority, String expected, String why) {
        @Override
        public String toString() {
            return header + " over " + variants + " priority " + priority + " -> " + expected + " (" + why + ")";
        }
    }

    static Stream<Coding> codings() {
        return Stream.of(
                new Coding(null, null, "no header: identity unless asked"),
                new Coding("", null, "empty header wants no coding"),
                new Coding("gzip", "gzip", "only gzip asked for"),
                new Coding("br", "br", "only br asked for"),
                new Coding("gzip, br", "br", "tie goes to server preference"),
                new Coding("gzip, deflate, br, zstd", "br", "browser list"),
                new Coding("br;q=0.5, gzip", "gzip", "higher weight wins"),
                new Coding("br;q=0, gzip;q=0.1", "gzip", "q=0 excludes"),
                new Coding("br;q=0, gzip;q=0", null, "both excluded"),
                new Coding("deflate", null, "nothing available asked for"),
                new Coding("*", "br", "wildcard takes server preference"),
                new Coding("*;q=0.5, gzip", "gzip", "explicit listing beats wildcard weight"),
                new Coding("*, br;q=0", "gzip", "wildcard does not cover an excluded coding"),
                new Coding("*;q=0", null, "wildcard excludes everything"),
                new Coding("x-gzip", "gzip", "x-gzip is gzip"),
                new Coding("X-GZIP;Q=0.8", "gzip", "alias and parameter name in any case"),
                new Coding("GZIP", "gzip", "coding in any case"),
                new Coding("identity", null, "only identity asked for"),
                new Coding("gzip;q=0.5, identity", null, "identity weighted higher"),
                new Coding("gzip;q=0.5", "gzip", "unlisted identity does not compete"),
                new Coding("gzip, identity", "gzip", "tie with identity goes to the coding"),
                new Coding("gzip;q=0.5, identity;q=0.5", "gzip", "tie with identity goes to the coding"),
                new Coding("gzip;q=0.5, *;q=0.8", "br", "wildcard weighs br and identity alike"),
                new Coding("identity;q=0", null, "nothing acceptable is still identity"),
                new Coding("gzip;q=0, gzip", null, "first listing counts"),
                new Coding("gzip;q=1.000", "gzip", "three decimals"),
                new Coding("gzip;q=1.", "gzip", "decimal point without digits"),
                new Coding("gzip;q=0.001", "gzip", "smallest weight above 0"),
                new Coding("gzip;q=0.999, br;q=0.998", "gzip", "thousandths compare exactly"),
                new Coding("gzip;q=1.0001, br;q=0.1", "br", "four decimals: element ignored"),
                new Coding("gzip;q=0.0001", null, "four decimals: element ignored"),
                new Coding("gzip;q=1.5, br;q=0.1", "br", "above 1: element ignored"),
                new Coding("gzip;q=1.001, br;q=0.1", "br", "above 1 in the decimals: element ignored"),
                new Coding("gzip;q=2, br;q=0.1", "br", "units above 1: element ignored"),
                new Coding("gzip;q=.5, br;q=0.1", "br", "no units: element ignored"),
                new Coding("gzip;q=-1, br;q=0.1", "br", "negative: element ignored"),
                new Coding("gzip;q=1e0, br;q=0.1", "br", "exponent: element ignored"),
                new Coding("gzip;q=", null, "empty weight: element ignored"),
                new Coding("gzip;q = 0.5", null, "whitespace around =: element ignored"),
                new Coding("gzip;level=9", null, "other parameter: element ignored"),
                new Coding("gzip;q=0.5;x=y", null, "parameter after the weight: element ignored"),
                new Coding("gzip ; q=0.5", "gzip", "whitespace around ;"),
                new Coding(" , gzip ,, ", "gzip", "empty elements and whitespace"),
                new Coding("gzip,\tbr", "br", "tab as whitespace"),
                new Coding("g zip", null, "not a token"),
                new Coding("gz/ip", null, "not a token"),
                new Coding("gzip\u00e9", null, "not ASCII"));
    }

    static Stream<Language> languages() {
        List<String> none = List.of();
        return Stream.of(
                new Language(null, EN_FR_PT, none, "en", "no header, no priority: first variant"),
                new Language(null, EN_FR_PT, List.of("fr", "en"), "fr", "no header: LanguagePriority"),
                new Language(null, EN_FR_PT, List.of("de", "PT-BR"), "pt-br", "priority skips missing, any case"),
                new Language("", EN_FR_PT, List.of("fr"), "fr", "empty header is no preference"),
                new Language("fr;q=1.0001", EN_FR_PT, none, "en", "no valid element is no preference"),
                new Language("fr", EN_FR_PT, none, "fr", "exact match"),
                new Language("FR", EN_FR_PT, none, "fr", "any case"),
                new Language("de", EN_FR_PT, List.of("fr"), null, "nothing acceptable: 406"),
                new Language("de, *;q=0.1", EN_FR_PT, none, "en", "wildcard, then variant order"),
                new Language("de, *;q=0.1", EN_FR_PT, List.of("fr"), "fr", "wildcard, then priority"),
                new Language("*", EN_FR_PT, List.of("pt-br"), "pt-br", "wildcard ties go to priority"),
                new Language("*;q=0", EN_FR_PT, none, null, "wildcard excludes everything"),
                new Language("*, fr;q=0", EN_FR_PT, List.of("fr"), "en", "explicit exclusion beats wildcard"),
                new Language("pt", EN_FR_PT, none, "pt-br", "prefix matches a longer tag"),
                new Language("pt-BR", EN_FR_PT, none, "pt-br", "full tag in any case"),
                new Language("pt-br", List.of("pt-BR"), none, "pt-BR", "variant's tag as given"),
                new Language("p", EN_FR_PT, none, null, "prefix must end at a subtag"),
                new Language("en-gb", List.of("en"), none, null, "longer range does not match a shorter tag"),
                new Language("en", List.of("en-gb", "en-us"), none, "en-gb", "tie: variant order"),
                new Language("en", List.of("en-gb", "en-us"), List.of("en-us"), "en-us", "tie: priority"),
                new Language("fr;q=0.5, en", EN_FR_PT, none, "en", "higher weight wins"),
                new Language("fr, en", EN_FR_PT, none, "fr", "tie: header order"),
                new Language("en, fr", EN_FR_PT, List.of("fr"), "fr", "tie: priority before header order"),
                new Language("en, fr;q=0.9", EN_FR_PT, List.of("fr"), "en", "weight before priority"),
                new Language("en;q=0.5, en-gb;q=0", List.of("en-gb", "en"), none, "en", "specific exclusion"),
                new Language("en-gb;q=0.2, en;q=0.9", List.of("en-gb"), none, "en-gb", "most specific range counts"),
                new Language("en-gb;q=0.2, en;q=0.9", List.of("en-gb", "en"), none, "en", "most specific range counts"),
                new Language("fr;q=0", List.of("fr"), none, null, "q=0 excludes"),
                new Language("fr;q=0, fr", List.of("fr"), none, null, "first listing counts"),
                new Language("fr;q=2, en;q=0.1", EN_FR_PT, none, "en", "invalid weight: element ignored"),
                new Language("fr_FR, en;q=0.1", EN_FR_PT, none, "en", "underscore: element ignored"),
                new Language("francais1, en;q=0.1", EN_FR_PT, none, "en", "subtag over 8: element ignored"),
                new Language("1fr, en;q=0.1", EN_FR_PT, none, "en", "digit in primary subtag: element ignored"),
                new Language("fr-, en;q=0.1", EN_FR_PT, none, "en", "empty subtag: element ignored"),
                new Language("de-1996", List.of("de-1996"), none, "de-1996", "digits in later subtags"),
                new Language(" fr ;q=0.5 , , en;q=0.4", EN_FR_PT, none, "fr", "whitespace and empty elements"),
                new Language("fr", List.of(), none, null, "no variants"),
                new Language(null, List.of(), none, null, "no variants"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("codings")
    void choosesContentCoding(Coding c) {
        assertEquals(c.expected(), Negotiation.encoding(c.header(), BR_GZIP), c.why());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("languages")
    void choosesLanguageVariant(Language c) {
        assertEquals(c.expected(), Negotiation.language(c.header(), c.variants(), c.priority()), c.why());
    }

    @Test
    void returnsTheAvailableCodingAsGiven() {
        assertEquals("GZIP", Negotiation.encoding("gzip", List.of("GZIP")));
        assertEquals("gzip", Negotiation.encoding("x-gzip;q=0.5, br;q=0.1", List.of("br", "gzip")));
    }

    @Test
    void compressesNothingWhenNothingIsAvailable() {
        assertNull(Negotiation.encoding("gzip, br, *", List.of()));
    }

    @Test
    void acceptsXCompressAsCompress() {
        assertEquals("compress", Negotiation.encoding("x-compress", List.of("gzip", "compress")));
    }
}
