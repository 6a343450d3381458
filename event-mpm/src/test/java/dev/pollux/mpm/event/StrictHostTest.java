package dev.pollux.mpm.event;

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
 * {@code http-protocol-options = strict}, the request's host (RFC 9112 §3.2, RFC 3986 §3.2.2): exactly one valid
 * {@code Host} in HTTP/1.1, and an absolute-form target's authority winning over it.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class StrictHostTest {

    @TempDir
    Path docroot;

    private ServerFixture start(String transport) throws IOException {
        return ServerFixture.start(transport, ServerFixture.site(docroot), Map.of(), Refusals.ECHO);
    }

    private static Case host(String name, String value, int status) {
        return new Case(name, "GET /echo HTTP/1.1\r\nHost: " + value + "\r\n\r\n", status);
    }

    private static Case absolute(String name, String target, int status) {
        return new Case(name, "GET " + target + " HTTP/1.1\r\nHost: localhost\r\n\r\n", status);
    }

    @ParameterizedTest
    @MethodSource("dev.pollux.mpm.event.Transports#available")
    void needsExactlyOneHostInHttp11(String transport) throws IOException {
        try (ServerFixture fixture = start(transport)) {
            Refusals.checkAll(fixture,
                    new Case("HTTP/1.1 without Host", "GET /echo HTTP/1.1\r\n\r\n", 400),
                    new Case("two equal Hosts", "GET /echo HTTP/1.1\r\nHost: a\r\nHost: a\r\n\r\n", 400),
                    new Case("two Hosts in HTTP/1.0", "GET /echo HTTP/1.0\r\nHost: a\r\nHost: b\r\n\r\n", 400),
                    new Case("HTTP/1.0 without Host", "GET /echo HTTP/1.0\r\n\r\n", 200));
        }
    }

    @ParameterizedTest
    @MethodSource("dev.pollux.mpm.event.Transports#available")
    void refusesHostsThatAreNoRfc3986Host(String transport) throws IOException {
        try (ServerFixture fixture = start(transport)) {
            Refusals.checkAll(fixture,
                    host("userinfo", "foo@localhost", 400),
                    host("second colon", "localhost:80:80", 400),
                    host("hex IPv4", "0x7f.1", 400),
                    host("short IPv4", "127.1", 400),
                    host("octal IPv4", "0177.0.0.1", 400),
                    host("octet over 255", "256.0.0.1", 400),
                    host("five octets", "1.2.3.4.5", 400),
                    host("backslash", "abc\\", 400),
                    host("non-ASCII byte", "caf\u00e9.example", 400),
                    host("slash", "a/b", 400),
                    host("unclosed IPv6", "[::1", 400),
                    host("IPv6 without brackets", "::1", 400),
                    host("bad IPv6", "[1::2::3]", 400),
                    host("empty port", "localhost:", 400),
                    host("port not numeric", "localhost:abc", 400),
                    host("port over 65535", "localhost:65536", 400),
                    host("percent-encoding", "a%41", 400),
                    host("wildcard", "*.example", 400),
                    host("empty label", "a..b", 400),
                    host("port 0", "localhost:0", 400),
                    host("empty in HTTP/1.1", "", 400),
                    new Case("empty in HTTP/1.0", "GET /echo HTTP/1.0\r\nHost: \r\n\r\n", 200));
        }
    }

    @ParameterizedTest
    @MethodSource("dev.pollux.mpm.event.Transports#available")
    void acceptsRegNamesAndAddresses(String transport) throws IOException {
        try (ServerFixture fixture = start(transport)) {
            Refusals.checkAll(fixture,
                    host("name", "www.example.com", 200),
                    host("name and port", "localhost:8080", 200),
                    host("upper case", "WWW.Example.COM", 200),
                    host("underscore", "a_b.example", 200),
                    host("name with a digit-led label", "1password.example", 200),
                    host("IPv4", "127.0.0.1:80", 200),
                    host("IPv6", "[::1]:8080", 200),
                    host("IPv6 with IPv4", "[::ffff:127.0.0.1]", 200),
                    host("full IPv6", "[2001:db8:0:0:0:0:2:1]", 200),
                    host("final dot", "localhost.", 200));
        }
    }

    @ParameterizedTest
    @MethodSource("dev.pollux.mpm.event.Transports#available")
    void checksAnAbsoluteFormAuthority(String transport) throws IOException {
        try (ServerFixture fixture = start(transport)) {
            Refusals.checkAll(fixture,
                    absolute("userinfo", "http://foo@localhost:80/echo", 400),
                    absolute("second colon", "http://localhost:80:80/echo", 400),
                    absolute("hex IPv4", "http://0x7f.1/echo", 400),
                    absolute("valid", "http://localhost:80/echo", 200),
                    absolute("https", "https://localhost/echo", 200),
                    absolute("another scheme", "ftp://localhost/echo", 400),
                    new Case("HTTP/1.1 needs a Host even when the target names the host",
                            "GET http://localhost/echo HTTP/1.1\r\n\r\n", 400),
                    new Case("an invalid Host is refused all the same",
                            "GET http://localhost/echo HTTP/1.1\r\nHost: a@b\r\n\r\n", 400));
        }
    }

    @ParameterizedTest
    @MethodSource("dev.pollux.mpm.event.Transports#available")
    void servesTheAbsoluteFormAuthorityOverTheHostField(String transport) throws IOException {
        try (ServerFixture fixture = start(transport); RawClient client = fixture.connect()) {
            RawClient.Reply reply = client.send("GET http://a.example:8080/echo HTTP/1.1\r\nHost: b.example\r\n\r\n")
                    .read();
            assertEquals(200, reply.status());
            assertTrue(reply.text().contains("host=a.example:8080\n"), reply.text());
        }
    }
}
