package dev.pollux.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PolluxConfigTest {

    @TempDir
    Path dir;

    private Path write(String name, String... lines) throws IOException {
        return Files.write(dir.resolve(name), List.of(lines));
    }

    private static String messageOf(Runnable load) {
        return assertThrows(ConfigException.class, load::run).getMessage();
    }

    private static void assertContains(String message, String... parts) {
        for (String part : parts) {
            assertTrue(message.contains(part), "expected '" + part + "' in: " + message);
        }
    }

    @Test
    void unknownKeyNamesFileLineAndNearestKnownKey() throws IOException {
        Path file = write("pollux.conf",
                "# a comment",
                "pollux {",
                "  keep-alive-timout = 5 s",
                "}");
        String message = messageOf(() -> PolluxConfig.load(file, Map.of()));
        assertContains(message, "pollux.conf: 3", "pollux.keep-alive-timout", "unknown key",
                "did you mean 'pollux.keep-alive-timeout'");
    }

    @Test
    void unknownNestedKeyIsRefused() throws IOException {
        Path file = write("pollux.conf", "pollux.options.follow-symlink = off");
        assertContains(messageOf(() -> PolluxConfig.load(file, Map.of())), "pollux.conf: 1",
                "pollux.options.follow-symlink", "did you mean 'pollux.options.follow-symlinks'");
    }

    @Test
    void unknownKeyFarFromEveryKnownKeyGetsNoSuggestion() throws IOException {
        Path file = write("pollux.conf", "pollux.frobnicate-the-widgets = 3");
        String message = messageOf(() -> PolluxConfig.load(file, Map.of()));
        assertContains(message, "pollux.frobnicate-the-widgets", "unknown key");
        assertFalse(message.contains("did you mean"), message);
    }

    @Test
    void keysOutsidePolluxAreLeftAlone() throws IOException {
        Path file = write("application.conf", "my-app.name = shop", "pollux.server-name = shop.example");
        Config config = PolluxConfig.load(file, Map.of());
        assertEquals("shop", config.getString("my-app.name"));
        assertEquals("shop.example", config.getString("pollux.server-name"));
    }

    @Test
    void valueOfIncompatibleTypeIsRefusedAtLoad() throws IOException {
        Path file = write("pollux.conf", "pollux {", "  directory-index = { a = 1 }", "}");
        assertContains(messageOf(() -> PolluxConfig.load(file, Map.of())), "pollux.conf: 2",
                "pollux.directory-index");
    }

    @Test
    void commandLineOverrideWinsOverFileAndSaysWhereItCameFrom() throws IOException {
        Path file = write("pollux.conf", "pollux.keep-alive-timeout = 10 s", "pollux.server-name = from-file");
        Map<String, String> overrides = new LinkedHashMap<>();
        overrides.put("keep-alive-timeout", "7 s");
        overrides.put("pollux.server-name", "from-cli");
        Config config = PolluxConfig.load(file, overrides);
        assertEquals(Duration.ofSeconds(7), config.getDuration("pollux.keep-alive-timeout"));
        assertEquals("from-cli", config.getString("pollux.server-name"));
        assertContains(config.getValue("pollux.keep-alive-timeout").origin().description(),
                "command line -D keep-alive-timeout");
    }

    @Test
    void badCommandLineOverrideNamesTheCommandLine() throws IOException {
        Path file = write("pollux.conf", "");
        String message = messageOf(() -> CoreSettings.from(
                PolluxConfig.load(file, Map.of("max-keep-alive-requests", "-1"))));
        assertContains(message, "command line -D max-keep-alive-requests", "pollux.max-keep-alive-requests");
    }

    @Test
    void unknownCommandLineKeyIsRefused() throws IOException {
        Path file = write("pollux.conf", "");
        assertContains(messageOf(() -> PolluxConfig.load(file, Map.of("keep-alive-timout", "5 s"))),
                "command line -D keep-alive-timout", "did you mean 'pollux.keep-alive-timeout'");
    }

    @Test
    void includedFileIsRead() throws IOException {
        write("limits.conf", "pollux.limit-request-line = 4096");
        Path file = write("pollux.conf", "include \"limits.conf\"", "pollux.limit-request-fields = 50");
        Config config = PolluxConfig.load(file, Map.of());
        assertEquals(4096, config.getInt("pollux.limit-request-line"));
        assertEquals(50, config.getInt("pollux.limit-request-fields"));
    }

    @Test
    void errorInIncludedFileNamesThatFile() throws IOException {
        write("limits.conf", "", "pollux.limit-request-lin = 4096");
        Path file = write("pollux.conf", "include \"limits.conf\"");
        assertContains(messageOf(() -> PolluxConfig.load(file, Map.of())), "limits.conf: 2",
                "did you mean 'pollux.limit-request-line'");
    }

    @Test
    void fileOverridesItsInclude() throws IOException {
        write("limits.conf", "pollux.limit-request-line = 4096");
        Path file = write("pollux.conf", "include \"limits.conf\"", "pollux.limit-request-line = 2048");
        assertEquals(2048, PolluxConfig.load(file, Map.of()).getInt("pollux.limit-request-line"));
    }

    @Test
    void missingFileIsAClearError() {
        Path missing = dir.resolve("nope.conf");
        assertContains(messageOf(() -> PolluxConfig.load(missing, Map.of())), "nope.conf", "cannot read");
    }

    @Test
    void directoryIsNotAConfigFile() {
        assertContains(messageOf(() -> PolluxConfig.load(dir, Map.of())), dir.toString(), "cannot read");
    }

    @Test
    void syntaxErrorNamesFileAndLine() throws IOException {
        Path file = write("pollux.conf", "pollux {", "  keep-alive = on", "  timeout = [", "}");
        assertContains(messageOf(() -> PolluxConfig.load(file, Map.of())), "pollux.conf: ");
    }

    @Test
    void defaultsComeFromReferenceConf() throws IOException {
        Config config = PolluxConfig.load(write("pollux.conf", "# nothing set"), Map.of());
        assertEquals(Duration.ofSeconds(5), config.getDuration("pollux.keep-alive-timeout"));
        assertEquals(8190, config.getInt("pollux.limit-request-line"));
        assertEquals(100, config.getInt("pollux.max-keep-alive-requests"));
        assertTrue(config.getValue("pollux.keep-alive-timeout").origin().description().contains("reference.conf"));
    }

    @Test
    void substitutionsAreResolved() throws IOException {
        Path file = write("pollux.conf", "base = \"/srv/www\"", "pollux.document-root = ${base}\"/htdocs\"");
        assertEquals("/srv/www/htdocs", PolluxConfig.load(file, Map.of()).getString("pollux.document-root"));
    }

    @Test
    void distanceCountsSingleCharacterEdits() {
        assertEquals(0, PolluxConfig.distance("keep-alive", "keep-alive"));
        assertEquals(1, PolluxConfig.distance("keep-alive-timout", "keep-alive-timeout"));
        assertEquals(1, PolluxConfig.distance("timeout", "timeoot"));
        assertEquals(3, PolluxConfig.distance("kitten", "sitting"));
        assertEquals(4, PolluxConfig.distance("", "abcd"));
    }
}
