package dev.pollux.mpm.event;

import static dev.pollux.mpm.event.Refusals.get;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pollux.mpm.event.Refusals.Case;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code http-protocol-options = strict}, the request line (RFC 9112 §3): {@code method SP target SP version},
 * nothing else, refused with 400 and a close on the poller.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class StrictRequestLineTest {

    @TempDir
    Path docroot;

    private ServerFixture start(String transport, Map<String, Object> settings) throws IOException {
        return ServerFixture.start(transport, ServerFixture.site(docroot), settings, Refusals.ECHO);
    }

    @ParameterizedTest
    @MethodSource("dev.pollux.mpm.event.Transports#available")
    void refusesWhitespaceOtherThanOneSpace(String transport) throws IOException {
        try (ServerFixture fixture = start(transport, Map.of())) {
            Refusals.checkAll(fixture,
                    new Case("tab after the method", get("GET\t/echo HTTP/1.1"), 400),
                    new Case("tab after the target", get("GET /echo\tHTTP/1.1"), 400),
                    new Case("vertical tab", get("GET\u000b/echo HTTP/1.1"), 400),
                    new Case("form feed", get("GET\f/echo HTTP/1.1"), 400),
                    new Case("bare CR", get("GET\r/echo HTTP/1.1"), 400),
                    new Case("two spaces", get("GET  /echo HTTP/1.1"), 400),
                    new Case("space before the method", get(" GET /echo HTTP/1.1"), 400),
                    new Case("space after the version", get("GET /echo HTTP/1.1 "), 400),
                    new Case("a fourth part", get("GET /echo HTTP/1.1 extra"), 400),
                    new Case("NUL in the target", get("GET /ec\u0000ho HTTP/1.1"), 400),
                    new Case("DEL in the target", get("GET /ec\u007fho HTTP/1.1"), 400),
                    new Case("bare LF ending the line", "GET /echo HTTP/1.1\nHost: localhost\r\n\r\n", 400),
                    new Case("empty lines before the line are skipped", "\r\n\r\n" + get("GET /echo HTTP/1.1"), 200),
                    new Case("obs-text in the target passes", get("GET /echo?caf\u00e9 HTTP/1.1"), 200));
        }
    }

    @ParameterizedTest
    @MethodSource("dev.pollux.mpm.event.Transports#available")
    void acceptsOnlyHttpDigitDotDigit(String transport) throws IOException {
        try (ServerFixture fixture = start(transport, Map.of())) {
            Refusals.checkAll(fixture,
                    new Case("HTTP/0.9 with a version token", get("GET /echo HTTP/0.9"), 400),
                    new Case("HTTP/0.8", get("GET /echo HTTP/0.8"), 400),
                    new Case("three parts", get("GET /echo HTTP/1.1.1"), 400),
                    new Case("no digits", get("GET /echo HTTP/x"), 400),
                    new Case("two-digit major", get("GET /echo HTTP/11.1"), 400),
                    new Case("two-digit minor", get("GET /echo HTTP/1.10"), 400),
                    new Case("lower-case name", get("GET /echo http/1.1"), 400),
                    new Case("another protocol", get("GET /echo ICAP/1.0"), 400),
                    new Case("HTTP/1.0", get("GET /echo HTTP/1.0"), 200));
        }
    }

    @ParameterizedTest
    @MethodSource("dev.pollux.mpm.event.Transports#available")
    void answersHigherVersionsAsHttp11WithItsRules(String transport) throws IOException {
        try (ServerFixture fixture = start(transport, Map.of()); RawClient client = fixture.connect()) {
            for (String version : new String[] {"HTTP/1.2", "HTTP/2.0", "HTTP/9.9"}) {
                RawClient.Reply reply = client.send(get("GET /echo " + version)).read();
                assertEquals(200, reply.status(), version);
                assertTrue(reply.text().contains("version=HTTP/1.1"), reply.text());
            }
            // Answered in HTTP/1.1, and held to it: a Host is required.
            new Case("HTTP/1.2 without Host", "GET /echo HTTP/1.2\r\n\r\n", 400).check(fixture);
        }
    }

    @ParameterizedTest
    @MethodSource("dev.pollux.mpm.event.Transports#available")
    void closesAnHttp09RequestWithoutAnswer(String transport) throws IOException {
        try (ServerFixture fixture = start(transport, Map.of())) {
            Refusals.checkAll(fixture,
                    new Case("no version", "GET /small.html\r\n", Refusals.UNANSWERED),
                    new Case("no version, then a head", "GET /small.html\r\nHost: localhost\r\n\r\n",
                            Refusals.UNANSWERED));
        }
    }

    @ParameterizedTest
    @MethodSource("dev.pollux.mpm.event.Transports#available")
    void refusesMethodsThatAreNotTokens(String transport) throws IOException {
        try (ServerFixture fixture = start(transport, Map.of())) {
            Refusals.checkAll(fixture,
                    new Case("a refused HEAD gets no body", "HEAD /small.html HTTP/1.1\r\nHost: a@b\r\n\r\n", 400),
                    new Case("lower-case get is another, unknown, method", get("get /small.html HTTP/1.1"), 501),
                    new Case("well-formed unknown method", get("BREW /small.html HTTP/1.1"), 501),
                    new Case("'@' in the method", get("G@T /small.html HTTP/1.1"), 400),
                    new Case("no method", get(" /small.html HTTP/1.1"), 400));
        }
    }

    @ParameterizedTest
    @MethodSource("dev.pollux.mpm.event.Transports#available")
    void refusesTargetsInNoFormOfRfc9112(String transport) throws IOException {
        try (ServerFixture fixture = start(transport, Map.of())) {
            Refusals.checkAll(fixture,
                    new Case("relative path", get("GET echo HTTP/1.1"), 400),
                    new Case("fragment", get("GET /echo#part HTTP/1.1"), 400),
                    new Case("asterisk with GET", get("GET * HTTP/1.1"), 400),
                    new Case("asterisk with OPTIONS", get("OPTIONS * HTTP/1.1"), 200),
                    new Case("authority form with GET", get("GET localhost:80 HTTP/1.1"), 400),
                    new Case("CONNECT without a port", get("CONNECT localhost HTTP/1.1"), 400),
                    new Case("absolute form with an empty host", get("GET http:///echo HTTP/1.1"), 400));
            try (RawClient client = fixture.connect()) {
                // Well formed, so it reaches the handlers, which do not tunnel.
                assertEquals(405, client.send(get("CONNECT localhost:443 HTTP/1.1")).read().status());
            }
        }
    }

    @ParameterizedTest
    @MethodSource("dev.pollux.mpm.event.Transports#available")
    void unsafeAcceptsWhatNettyAccepts(String transport) throws IOException {
        try (ServerFixture fixture = start(transport, Map.of("http-protocol-options", "unsafe"))) {
            Refusals.checkAll(fixture,
                    new Case("tab after the method", get("GET\t/echo HTTP/1.1"), 200),
                    new Case("two spaces", get("GET  /echo HTTP/1.1"), 200),
                    new Case("obs-fold", "GET /echo HTTP/1.1\r\nHost: localhost\r\nX-A: 1\r\n  2\r\n\r\n", 200),
                    new Case("Host with userinfo", "GET /echo HTTP/1.1\r\nHost: a@b\r\n\r\n", 200),
                    // Still refused: what Netty's decoder refuses, and a missing Host.
                    new Case("bare LF", "GET /echo HTTP/1.1\nHost: localhost\n\n", 400),
                    new Case("no Host", "GET /echo HTTP/1.1\r\n\r\n", 400));
        }
    }
}
