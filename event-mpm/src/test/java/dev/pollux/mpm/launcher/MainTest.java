package dev.pollux.mpm.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line: {@code -t}, {@code -v}, {@code -D}, {@code -k}, and what a bad configuration prints. */
class MainTest {

    /** The checkout's root: surefire runs in the module directory. */
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    @TempDir
    Path directory;

    private record Run(int status, String out, String err) {
    }

    private static Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void controlActionIsTakenOutOfTheArgumentsTheServerRunsWith() {
        Main.Arguments arguments = Main.Arguments.parse(List.of("-d", "/srv", "-k", "graceful-stop", "-D",
                "keep-alive-timeout=3s"));
        assertEquals(Control.Action.GRACEFUL_STOP, arguments.control());
        assertEquals(List.of("-d", "/srv", "-D", "keep-alive-timeout=3s"), arguments.serverArguments());
        Run unknown = run("-k", "reload");
        assertEquals(2, unknown.status());
        assertTrue(unknown.err().contains("-k takes start, stop, graceful, graceful-stop or restart, not 'reload'"),
                unknown.err());
    }

    @Test
    void checksTheShippedConfiguration() {
        Run run = run("-d", ROOT.toString(), "-t");
        assertEquals(0, run.status(), run.err());
        assertEquals("Syntax OK", run.out().trim());
    }

    @Test
    void reportsBadValueWithKeyFileLineAndWhatIsAllowed() throws IOException {
        Path config = directory.resolve("bad.conf");
        Files.writeString(config, "pollux {\n  document-root = \"" + ROOT.resolve("conf/htdocs") + "\"\n"
                + "  mpm.max-request-workers = -5\n}\n");
        Run run = run("-d", ROOT.toString(), "-f", config.toString(), "-t");
        assertEquals(1, run.status());
        assertTrue(run.err().contains("bad.conf: 3"), run.err());
        assertTrue(run.err().contains("pollux.mpm.max-request-workers"), run.err());
        assertTrue(run.err().contains("must be an integer from"), run.err());
    }

    @Test
    void reportsUnknownKeyWithSuggestion() throws IOException {
        Path config = directory.resolve("typo.conf");
        Files.writeString(config, "pollux.keep-alive-timout = 3 s\n");
        Run run = run("-d", ROOT.toString(), "-f", config.toString(), "-t");
        assertEquals(1, run.status());
        assertTrue(run.err().contains("typo.conf: 1"), run.err());
        assertTrue(run.err().contains("did you mean 'pollux.keep-alive-timeout'"), run.err());
    }

    @Test
    void overrideFromCommandLineIsCheckedAndNamed() {
        Run run = run("-d", ROOT.toString(), "-t", "-D", "mpm.transport=carrier-pigeon");
        assertEquals(1, run.status());
        assertTrue(run.err().contains("command line -D mpm.transport"), run.err());
        assertTrue(run.err().contains("must be one of [auto, epoll, kqueue, nio, io_uring]"), run.err());
    }

    @Test
    void missingDocumentRootIsAConfigurationError() {
        Run run = run("-d", ROOT.toString(), "-t", "-D", "document-root=/nonexistent/www");
        assertEquals(1, run.status());
        assertTrue(run.err().contains("pollux.document-root"), run.err());
    }

    @Test
    void printsVersionAndUsage() {
        Run version = run("-v");
        assertEquals(0, version.status());
        assertTrue(version.out().matches("(?s)Server version: Pollux/\\d+\\.\\d+\\.\\d+\\R.*"), version.out());
        Run unknown = run("-x");
        assertEquals(2, unknown.status());
        assertTrue(unknown.err().contains("Usage: pollux"), unknown.err());
    }
}
