package dev.pollux.core.http;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AuthorityTest {

    @ParameterizedTest
    @ValueSource(strings = {"", "localhost", "localhost:8080", "www.example.com", "EXAMPLE.com:443", "a_b.example",
        "xn--caf-dma.example", "1password.example", "a-b.c-d", "-odd-.example", "localhost.", "127.0.0.1",
        "0.0.0.0:1", "255.255.255.255", "[::]", "[::1]", "[::1]:80", "[1::]", "[1:2:3:4:5:6:7:8]",
        "[2001:db8::2:1]", "[::ffff:192.0.2.1]", "[1:2:3:4:5:6:1.2.3.4]", "[fe80::1:2]:65535"})
    void acceptsRfc3986Hosts(String value) {
        assertTrue(Authority.isValid(value), value);
    }

    @ParameterizedTest
    @ValueSource(strings = {"user@host", "host:80:80", "host:", "host:0", "host:+80", "host:abc", "host:65536", "host:123456", ":80",
        "*.example", "127.0.0.1.", "a,b", "a;b", "%41.example", "a~b", ".localhost", "a..b", ".", "localhost..",
        "0x7f.1", "0x7f000001", "127.1", "2130706433", "0177.0.0.1", "01.2.3.4", "1.2.3.4.5", "1.2.3", "256.1.1.1",
        "1..2.3.4", "example.123", "host\\", "a/b", "a?b", "a#b", "caf\u00e9", "a b", "a\tb", "%zz", "%4",
        "[::1", "::1", "[::1]x", "[::1]:", "[1::2::3]", "[1:2:3:4:5:6:7:8:9]", "[1:2:3:4:5:6:7]", "[12345::]",
        "[:1::2]", "[1:]", "[::1.2.3]", "[1.2.3.4::]", "[::g]", "[v1.x]", "[fe80::1%eth0]"})
    void refusesEverythingElse(String value) {
        assertFalse(Authority.isValid(value), value);
    }
}
