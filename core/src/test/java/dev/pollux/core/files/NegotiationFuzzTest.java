package dev.pollux.core.files;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

/**
 * Fuzzes {@code Accept-Encoding} and {@code Accept-Language}: any value is answered, never an exception; the
 * coding is one on offer and one the client named (itself, its {@code x-} alias or {@code *}); the language is
 * one of the variants, and one the client named unless its header held nothing valid. The seed corpus is
 * {@code NegotiationFuzzTestInputs/}; every build runs it.
 */
class NegotiationFuzzTest {

    private static final List<String> CODINGS = List.of("br", "gzip", "compress");
    private static final List<String> VARIANTS = List.of("de-ch", "en", "fr", "pt-br");
    private static final List<String> PRIORITY = List.of("fr", "en");
    private static final String NO_PREFERENCE = Negotiation.language(null, VARIANTS, PRIORITY);

    @FuzzTest(maxDuration = "10m")
    void sendsOnlyACodingTheClientNamed(byte[] input) {
        String header = new String(input, StandardCharsets.ISO_8859_1);
        String coding = Negotiation.encoding(header, CODINGS);
        if (coding != null) {
            String named = header.toLowerCase(Locale.ROOT);
            assertTrue(CODINGS.contains(coding), header + " -> " + coding);
            assertTrue(named.contains(coding) || named.contains("*"), header + " -> " + coding);
        }
    }

    @FuzzTest(maxDuration = "10m")
    void choosesOnlyAVariantTheClientNamed(byte[] input) {
        String header = new String(input, StandardCharsets.ISO_8859_1);
        String language = Negotiation.language(header, VARIANTS, PRIORITY);
        if (language != null) {
            String named = header.toLowerCase(Locale.ROOT);
            String primary = language.split("-")[0];
            assertTrue(VARIANTS.contains(language), header + " -> " + language);
            assertTrue(named.contains(primary) || named.contains("*") || language.equals(NO_PREFERENCE),
                    header + " -> " + language);
        }
    }
}
