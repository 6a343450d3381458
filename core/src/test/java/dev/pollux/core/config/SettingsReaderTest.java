package dev.pollux.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import dev.pollux.core.files.FileSettings;
import dev.pollux.core.http.HttpSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SettingsReaderTest {

    @TempDir
    Path dir;

    /** Core settings from a {@code pollux.conf} holding {@code lines}. */
    private CoreSettings settings(String... lines) throws IOException {
        Path file = Files.write(dir.resolve("pollux.conf"), List.of(lines));
        return CoreSettings.from(PolluxConfig.load(file, Map.of()));
    }

    private String failure(String... lines) {
        return assertThrows(ConfigException.class, () -> settings(lines)).getMessage();
    }

    /** A reader over HOCON {@code text} whose origin is {@code test.conf}. */
    private static SettingsReader reader(String text) {
        return new SettingsReader(ConfigFactory.parseString(text,
                ConfigParseOptions.defaults().setOriginDescription("test.conf")));
    }

    private static void assertContains(String message, String... parts) {
        for (String part : parts) {
            assertTrue(message.contains(part), "expected '" + part + "' in: " + message);
        }
    }

    @Test
    void defaultsComeFromReferenceConf() throws IOException {
        CoreSettings settings = settings("# defaults only");
        HttpSettings http = settings.http();
        assertTrue(http.keepAlive());
        assertEquals(Duration.ofSeconds(5), http.keepAliveTimeout());
        assertEquals(100, http.maxKeepAliveRequests());
        assertEquals(Duration.ofSeconds(60), http.timeout());
        assertEquals(8190, http.limitRequestLine());
        assertEquals(8190, http.limitRequestFieldSize());
        assertEquals(100, http.limitRequestFields());
        assertEquals(1L << 30, http.limitRequestBody());
        assertEquals(Duration.ofSeconds(20), http.headerReadTimeout());
        assertEquals(Duration.ofSeconds(20), http.bodyReadTimeout());
        assertEquals(500, http.bodyMinRate());
        assertEquals(64 * 1024, http.requestBodyBuffer());
        assertEquals(64 * 1024, http.responseBodyBuffer());
        assertEquals("localhost", settings.serverName());
        assertTrue(settings.extendedStatus());
        FileSettings files = settings.files();
        assertEquals(List.of("index.html"), files.directoryIndex());
        assertTrue(files.followSymlinks());
        assertFalse(files.symlinksIfOwnerMatch());
        assertTrue(settings.accessLog().enabled());
        assertEquals("%h %l %u %t \"%r\" %>s %b", settings.accessLog().format().toString());
    }

    @Test
    void relativePathsResolveAgainstServerRoot() throws IOException {
        CoreSettings settings = settings(
                "pollux.server-root = \"" + dir + "\"",
                "pollux.document-root = site/../www",
                "pollux.access-log.path = \"/var/log/pollux/access.log\"");
        assertEquals(dir, settings.serverRoot());
        assertEquals(dir.resolve("www"), settings.files().documentRoot());
        assertEquals(dir.resolve("conf/mime.types"), settings.files().typesConfig());
        assertEquals(Path.of("/var/log/pollux/access.log"), settings.accessLog().path());
    }

    @Test
    void keepAliveTimeoutZeroTurnsKeepAliveOff() throws IOException {
        assertFalse(settings("pollux.keep-alive-timeout = 0 s").http().keepAlive());
    }

    @Test
    void sizesAndDurationsTakeUnits() throws IOException {
        CoreSettings settings = settings("pollux.limit-request-body = 64 KiB", "pollux.timeout = 90 s",
                "pollux.request-read-timeout.header = 1500 ms");
        assertEquals(65536, settings.http().limitRequestBody());
        assertEquals(Duration.ofSeconds(90), settings.http().timeout());
        assertEquals(Duration.ofMillis(1500), settings.http().headerReadTimeout());
    }

    @Test
    void wrongTypeNamesKeyAndFileLine() {
        String message = failure("", "pollux.keep-alive-timeout = \"soon\"");
        assertContains(message, "pollux.conf: 2", "pollux.keep-alive-timeout");
    }

    @Test
    void stringWhereNumberExpectedNamesKeyAndFileLine() {
        assertContains(failure("pollux {", "  max-keep-alive-requests = many", "}"), "pollux.conf: 2",
                "pollux.max-keep-alive-requests");
    }

    @Test
    void outOfRangeNamesKeyFileLineAndAllowedRange() {
        assertContains(failure("pollux {", "  max-keep-alive-requests = -1", "}"), "pollux.conf: 2",
                "pollux.max-keep-alive-requests", "must be an integer from 0 to " + Integer.MAX_VALUE);
    }

    @Test
    void durationOutOfRangeNamesAllowedRange() {
        assertContains(failure("pollux.keep-alive-timeout = 2 h"), "pollux.conf: 1", "pollux.keep-alive-timeout",
                "must be a duration from 0 s to 3600 s");
        assertContains(failure("pollux.request-read-timeout.header = 10 ms"),
                "pollux.request-read-timeout.header", "from 100 ms to 3600 s");
    }

    @Test
    void sizeOutOfRangeNamesAllowedRange() {
        assertContains(failure("pollux.limit-request-body = 4 GiB"), "pollux.conf: 1",
                "pollux.limit-request-body", "must be a size from 0 to");
    }

    @Test
    void limitRequestLineHasAFloor() {
        assertContains(failure("pollux.limit-request-line = 10"), "pollux.limit-request-line",
                "from 64 to 1048576");
    }

    @Test
    void unknownAccessLogDirectiveNamesTheKey() {
        assertContains(failure("pollux.access-log.format = \"%Q\""), "pollux.conf: 1", "pollux.access-log.format",
                "%Q");
    }

    @Test
    void aBadElementOfAListNamesItsIndex() {
        assertContains(failure("pollux.redirect = [{ from = \"/a\", to = \"/b\" }, { from = old, to = \"/x\" }]"),
                "pollux.conf: 1", "pollux.redirect[1].from", "starting with /");
        assertContains(failure("pollux.redirect-match = [{ pattern = \"(\", to = \"/x\" }]"),
                "pollux.redirect-match[0].pattern", "regular expression");
        assertContains(failure("pollux.alias = [{ url = \"/icons/\", path = \"\" }]"), "pollux.alias[0].path");
    }

    @Test
    void errorDocumentsAreKeyedByErrorStatus() {
        assertContains(failure("pollux.error-document { 200 = \"/ok.html\" }"), "pollux.error-document.200",
                "400 to 599");
    }

    @Test
    void directoryIndexMustHoldBareFileNames() {
        assertContains(failure("pollux.directory-index = [index.html, \"../secret\"]"), "pollux.directory-index",
                "'../secret' is not allowed");
        assertContains(failure("pollux.directory-index = [\".htaccess\"]"), "'.htaccess' is not allowed");
    }

    @Test
    void blankPathIsRefused() {
        assertContains(failure("pollux.document-root = \"  \""), "pollux.document-root", "must name a path");
    }

    /** For {@link SettingsReader#oneOf}. */
    private enum Transport { NIO, EPOLL, IO_URING }

    @Test
    void oneOfAcceptsLowerCaseNames() {
        assertEquals(Transport.IO_URING, reader("transport = io_uring").oneOf("transport", Transport.class));
    }

    @Test
    void oneOfListsTheAllowedNames() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> reader("transport = EPOLL").oneOf("transport", Transport.class));
        assertContains(e.getMessage(), "test.conf: 1", "transport", "[nio, epoll, io_uring]");
    }

    @Test
    void doubleBetweenChecksRange() {
        assertEquals(0.5, reader("ratio = 0.5").doubleBetween("ratio", 0, 1));
        assertContains(assertThrows(ConfigException.class,
                () -> reader("ratio = 1.5").doubleBetween("ratio", 0, 1)).getMessage(), "ratio",
                "must be a number from 0.0 to 1.0");
    }

    @Test
    void stringsReadsAList() {
        assertEquals(List.of("a", "b"), reader("list = [a, b]").strings("list"));
        assertContains(assertThrows(ConfigException.class,
                () -> reader("list = 1").strings("list")).getMessage(), "test.conf: 1", "list");
    }

    @Test
    void missingKeyIsAnError() {
        assertThrows(ConfigException.Missing.class, () -> reader("a = 1").string("b"));
    }
}
