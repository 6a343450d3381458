package dev.pollux.mpm.event;

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
 * {@code http-protocol-options = strict}, header fields and message framing (RFC 9112 §5, §6): token names, no
 * whitespace before the colon, no obs-fold, no control bytes, one Content-Length, Transfer-Encoding only as a
 * final chunked and never with Content-Length.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class StrictFieldsTest {

    @TempDir
    Path docroot;

    private ServerFixture start(String transport) throws IOException {
        return ServerFixture.start(transport, ServerFixture.site(docroot), Map.of(), Refusals.ECHO);
    }

    /** A GET to {@code /echo} with {@code Host} and then {@code fields}, each ending in CRLF. */
    private static Case fields(String name, String fields, int status) {
        return new Case(name, "GET /echo HTTP/1.1\r\nHost: localhost\r\n" + fields + "\r\n", status);
    }

    /** A POST to {@code /echo} with {@code Host}, {@code fields} and {@code body}. */
    private static Case post(String name, String fields, String body, int status) {
        return new Case(name, "POST /echo HTTP/1.1\r\nHost: localhost\r\n" + fields + "\r\n" + body, status);
    }

    @ParameterizedTest
    @MethodSource("dev.pollux.mpm.event.Transports#available")
    void refusesMalformedFieldLines(String transport) throws IOException {
        try (ServerFixture fixture = start(transport)) {
            Refusals.checkAll(fixture,
                    new Case("space before the colon", "GET /echo HTTP/1.1\r\nHost : localhost\r\n\r\n", 400),
                    fields("tab before the colon", "X-A\t: 1\r\n", 400),
                    fields("obs-fold", "X-A: 1\r\n  folded\r\n", 400),
                    fields("obs-fold with a tab", "X-A: 1\r\n\tfolded\r\n", 400),
                    new Case("whitespace before the first field",
                            "GET /echo HTTP/1.1\r\n Host: localhost\r\n\r\n", 400),
                    fields("name not a token", "X(A): 1\r\n", 400),
                    fields("empty name", ": 1\r\n", 400),
                    fields("no colon", "X-A 1\r\n", 400),
                    fields("an expectation in a malformed head is not answered 417", "Expect: foo\r\nX-A 1\r\n", 400),
                    fields("NUL in a value", "X-A: a\u0000b\r\n", 400),
                    fields("control byte in a value", "X-A: a\u0001b\r\n", 400),
                    fields("DEL in a value", "X-A: a\u007fb\r\n", 400),
                    fields("bare CR in a value", "X-A: a\rb\r\n", 400),
                    fields("bare LF ending a field", "X-A: 1\n", 400),
                    fields("tab inside a value passes", "X-A: a\tb\r\n", 200),
                    fields("obs-text in a value passes", "X-A: caf\u00e9\r\n", 200));
        }
    }

    @ParameterizedTest
    @MethodSource("dev.pollux.mpm.event.Transports#available")
    void refusesAmbiguousContentLength(String transport) throws IOException {
        try (ServerFixture fixture = start(transport)) {
            Refusals.checkAll(fixture,
                    post("two different", "Content-Length: 1\r\nContent-Length: 2\r\n", "ab", 400),
                    post("two equal", "Content-Length: 2\r\nContent-Length: 2\r\n", "ab", 400),
                    post("a list of different values", "Content-Length: 1, 2\r\n", "ab", 400),
                    post("negative", "Content-Length: -1\r\n", "", 400),
                    post("with a sign", "Content-Length: +2\r\n", "ab", 400),
                    post("hex", "Content-Length: 0x2\r\n", "ab", 400),
                    post("over 2^63", "Content-Length: 99999999999999999999\r\n", "", 400),
                    post("valid", "Content-Length: 2\r\n", "ab", 200));
        }
    }

    @ParameterizedTest
    @MethodSource("dev.pollux.mpm.event.Transports#available")
    void acceptsTransferEncodingOnlyAsAFinalChunked(String transport) throws IOException {
        String body = "2\r\nab\r\n0\r\n\r\n";
        try (ServerFixture fixture = start(transport)) {
            Refusals.checkAll(fixture,
                    post("chunked, then another coding", "Transfer-Encoding: chunked, gzip\r\n", body, 400),
                    post("another coding, then chunked", "Transfer-Encoding: gzip, chunked\r\n", body, 501),
                    post("identity", "Transfer-Encoding: identity\r\n", "ab", 400),
                    post("unknown coding", "Transfer-Encoding: xyz\r\n", "ab", 400),
                    post("chunked twice", "Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n", body, 400),
                    post("with Content-Length", "Content-Length: 2\r\nTransfer-Encoding: chunked\r\n", body, 400),
                    new Case("in HTTP/1.0", "POST /echo HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n" + body, 400),
                    post("chunked", "Transfer-Encoding: chunked\r\n", body, 200),
                    post("Chunked, any case", "Transfer-Encoding: Chunked\r\n", body, 200));
        }
    }

    @ParameterizedTest
    @MethodSource("dev.pollux.mpm.event.Transports#available")
    void refusesMalformedChunks(String transport) throws IOException {
        String chunked = "Transfer-Encoding: chunked\r\n";
        try (ServerFixture fixture = start(transport)) {
            Refusals.checkAll(fixture,
                    post("chunk size over 2^63", chunked, "ffffffffffffffffff\r\nab\r\n0\r\n\r\n", 400),
                    post("chunk size not hex", chunked, "zz\r\nab\r\n0\r\n\r\n", 400),
                    post("negative chunk size", chunked, "-2\r\nab\r\n0\r\n\r\n", 400),
                    post("no CRLF after the data", chunked, "2\r\nabXY0\r\n\r\n", 400),
                    post("control byte in an extension", chunked, "2;\u0001\r\nab\r\n0\r\n\r\n", 400),
                    post("bare LF after the size", chunked, "2\nab\r\n0\r\n\r\n", 400),
                    post("valid extension", chunked, "2;name=value\r\nab\r\n0\r\n\r\n", 200),
                    post("trailer", chunked, "2\r\nab\r\n0\r\nX-T: 1\r\n\r\n", 200));
        }
    }
}
