package dev.pollux.mpm.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.pollux.mpm.event.Refusals.Case;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.slf4j.LoggerFactory;

/**
 * httpd's request limits with httpd's statuses, each exactly at the limit and one over: limit-request-line (414),
 * limit-request-field-size (400, naming the field), limit-request-fields (400), limit-request-body (413); and
 * every refusal counted and logged once, at DEBUG on the I/O logger, with the client's address.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class RequestLimitsTest {

    private static final Map<String, Object> LIMITS = Map.of("limit-request-line", 100,
            "limit-request-field-size", 100, "limit-request-fields", 5, "limit-request-body", "10 B");

    @TempDir
    Path docroot;

    private ServerFixture start(String transport) throws IOException {
        return ServerFixture.start(transport, ServerFixture.site(docroot), LIMITS, Refusals.ECHO);
    }

    /** {@code GET /echo?xxx HTTP/1.1}, {@code length} bytes long without its CRLF. */
    private static String requestLine(int length) {
        String frame = "GET /echo? HTTP/1.1";
        return frame.replace("?", "?" + "x".repeat(length - frame.length()));
    }

    /** {@code X-Long: vvv}, {@code length} bytes long without its CRLF. */
    private static String field(int length) {
        return "X-Long: " + "v".repeat(length - "X-Long: ".length());
    }

    @ParameterizedTest
    @MethodSource("dev.pollux.mpm.event.Transports#available")
    void limitsTheRequestLine(String transport) throws IOException {
        try (ServerFixture fixture = start(transport)) {
            Refusals.checkAll(fixture,
                    new Case("line at the limit", Refusals.get(requestLine(100)), 200),
                    new Case("line one over", Refusals.get(requestLine(101)), 414),
                    // The same limit bounds a chunk's line, but a long one is a malformed body, not a long URI.
                    new Case("chunk line over it", "POST /echo HTTP/1.1\r\nHost: localhost\r\n"
                            + "Transfer-Encoding: chunked\r\n\r\n2;" + "x".repeat(150) + "\r\nab\r\n0\r\n\r\n", 400));
        }
    }

    @ParameterizedTest
    @MethodSource("dev.pollux.mpm.event.Transports#available")
    void limitsEachFieldAndNamesTheOneOver(String transport) throws IOException {
        String head = "GET /echo HTTP/1.1\r\nHost: localhost\r\n";
        try (ServerFixture fixture = start(transport)) {
            new Case("field at the limit", head + field(100) + "\r\n\r\n", 200).check(fixture);
            RawClient.Reply over = new Case("field one over", head + field(101) + "\r\n\r\n", 400).check(fixture);
            assertTrue(over.text().contains("exceeds server limit: X-Long"), over.text());
        }
    }

    @ParameterizedTest
    @MethodSource("dev.pollux.mpm.event.Transports#available")
    void limitsTheNumberOfFields(String transport) throws IOException {
        String head = "GET /echo HTTP/1.1\r\nHost: localhost\r\n";
        try (ServerFixture fixture = start(transport)) {
            Refusals.checkAll(fixture,
                    new Case("Host and four more", head + "X-F: v\r\n".repeat(4) + "\r\n", 200),
                    new Case("Host and five more", head + "X-F: v\r\n".repeat(5) + "\r\n", 400));
        }
    }

    @ParameterizedTest
    @MethodSource("dev.pollux.mpm.event.Transports#available")
    void limitsTheBody(String transport) throws IOException {
        String head = "POST /echo HTTP/1.1\r\nHost: localhost\r\n";
        try (ServerFixture fixture = start(transport)) {
            RawClient.Reply atLimit = new Case("body at the limit", head + "Content-Length: 10\r\n\r\n0123456789", 200)
                    .check(fixture);
            assertTrue(atLimit.text().contains("body=10\n"), atLimit.text());
            Refusals.checkAll(fixture,
                    new Case("body one over", head + "Content-Length: 11\r\n\r\n0123456789a", 413),
                    new Case("chunked body one over",
                            head + "Transfer-Encoding: chunked\r\n\r\n6\r\n012345\r\n5\r\n6789a\r\n0\r\n\r\n", 413),
                    new Case("chunked body at the limit",
                            head + "Transfer-Encoding: chunked\r\n\r\n6\r\n012345\r\n4\r\n6789\r\n0\r\n\r\n", 200));
        }
    }

    @ParameterizedTest
    @MethodSource("dev.pollux.mpm.event.Transports#available")
    void countsAndLogsEveryRefusalOnce(String transport) throws IOException {
        Logger io = (Logger) LoggerFactory.getLogger("dev.pollux.io");
        ListAppender<ILoggingEvent> logged = new ListAppender<>();
        logged.start();
        Level level = io.getLevel();
        io.setLevel(Level.DEBUG);
        io.addAppender(logged);
        try (ServerFixture fixture = start(transport)) {
            Refusals.checkAll(fixture,
                    new Case("bad line", Refusals.get("GET\t/ HTTP/1.1"), 400),
                    new Case("too long", Refusals.get(requestLine(101)), 414),
                    new Case("HTTP/0.9", "GET /\r\n", Refusals.UNANSWERED),
                    new Case("fine", Refusals.get("GET /echo HTTP/1.1"), 200));
            // Counted on the poller before the refusal is written; the client has seen all three.
            assertEquals(3, fixture.server.scoreboard().poller(0).refused());
        } finally {
            io.detachAppender(logged);
            io.setLevel(level);
        }
        List<String> lines = logged.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
        assertEquals(3, lines.size(), lines.toString());
        assertTrue(lines.stream().allMatch(line -> line.startsWith("/127.0.0.1:")), lines.toString());
    }
}
