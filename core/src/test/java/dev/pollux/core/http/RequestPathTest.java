package dev.pollux.core.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class RequestPathTest {

    /** A raw path and the segments it must normalise to. */
    record Normalised(String rawPath, List<String> segments) {
    }

    /** A raw path that must be refused, and the status of the refusal. */
    record Refused(String rawPath, int status, String why) {
        @Override
        public String toString() {
            return rawPath + " -> " + status + " (" + why + ")";
        }
    }

    static Stream<Normalised> normalisedPaths() {
        return Stream.of(
                new Normalised("/", List.of()),
                new Normalised("/a/b", List.of("a", "b")),
                new Normalised("/a/../b", List.of("b")),
                new Normalised("/a/b/../../c", List.of("c")),
                new Normalised("/a/..", List.of()),
                new Normalised("/./a/./b/.", List.of("a", "b")),
                new Normalised("//a///b//", List.of("a", "b")),
                new Normalised("/a/%2e%2e/b", List.of("b")),
                new Normalised("/a/%2E/b", List.of("a", "b")),
                new Normalised("/a+b", List.of("a+b")),
                new Normalised("/a%20b", List.of("a b")),
                new Normalised("/caf%C3%A9.html", List.of("café.html")),
                new Normalised("/%252e%252e/x", List.of("%2e%2e", "x")),
                new Normalised("/...", List.of("...")),
                new Normalised("/..a/b..", List.of("..a", "b..")));
    }

    static Stream<Refused> refusedPaths() {
        return Stream.of(
                new Refused("/..", 400, "climbs above the root"),
                new Refused("/../x", 400, "climbs above the root"),
                new Refused("/a/../../x", 400, "climbs above the root"),
                new Refused("/%2e%2e/x", 400, "encoded dot-segment climbs above the root"),
                new Refused("/%2E%2E/x", 400, "encoded dot-segment climbs above the root"),
                new Refused("/.%2e/x", 400, "half-encoded dot-segment climbs above the root"),
                new Refused("/a/%2e%2e/%2e%2e/x", 400, "encoded dot-segments climb above the root"),
                new Refused("/a%2fb", 404, "encoded slash, lower case"),
                new Refused("/a%2Fb", 404, "encoded slash, upper case"),
                new Refused("/..%2fx", 404, "encoded slash hides a dot-segment"),
                new Refused("/a%2f..%2f..%2fsecret", 404, "encoded slashes hide dot-segments"),
                new Refused("/%00", 400, "NUL"),
                new Refused("/a%00.html", 400, "NUL before an extension"),
                new Refused("/a%0d%0ab", 400, "CR LF"),
                new Refused("/a%7fb", 400, "DEL"),
                new Refused("/a\\b", 400, "raw backslash"),
                new Refused("/a%5cb", 400, "encoded backslash, lower case"),
                new Refused("/a/..%5C..%5Cx", 400, "encoded backslashes hide dot-segments"),
                new Refused("/a%zz", 400, "bad hex digits"),
                new Refused("/a%", 400, "lone percent"),
                new Refused("/a%4", 400, "truncated escape"),
                new Refused("", 400, "empty target"),
                new Refused("*", 400, "asterisk-form"),
                new Refused("http://x/", 400, "absolute-form"),
                new Refused("a/b", 400, "relative path"));
    }

    private static int statusOf(String rawPath) {
        return assertThrows(RequestException.class, () -> RequestPath.parse(rawPath)).status().code();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("normalisedPaths")
    void decodesOnceAndRemovesDotSegments(Normalised c) throws RequestException {
        assertEquals(c.segments(), RequestPath.parse(c.rawPath()).segments());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusedPaths")
    void refusesUnsafeOrMalformedPath(Refused c) {
        assertEquals(c.status(), statusOf(c.rawPath()), c.why());
    }

    @Test
    void decodesPercentEncodingOnlyOnce() throws RequestException {
        // %252e is "%2e" after one decoding: a name, never a dot-segment.
        RequestPath path = RequestPath.parse("/a/%252e%252e/%252e%252e/x");
        assertEquals(List.of("a", "%2e%2e", "%2e%2e", "x"), path.segments());
    }

    @Test
    void keepsPlusAsPlus() throws RequestException {
        assertEquals(List.of("c++", "a+b"), RequestPath.parse("/c++/a+b").segments());
    }

    @Test
    void decodesUtf8() throws RequestException {
        assertEquals(List.of("é", "日本"), RequestPath.parse("/%C3%A9/%E6%97%A5%E6%9C%AC").segments());
    }

    @Test
    void refusesEncodedSlashWithNotFoundLikeHttpd() {
        assertEquals(404, statusOf("/a%2fb"));
        assertEquals(404, statusOf("/a%2Fb"));
    }

    @Test
    void noSegmentEverClimbsOrHoldsASeparator() throws RequestException {
        for (String raw : List.of("/a/./b/../c/", "/x/%2e/y", "//a//..//b")) {
            for (String segment : RequestPath.parse(raw).segments()) {
                assertFalse(segment.isEmpty() || segment.equals(".") || segment.equals(".."), raw);
                assertFalse(segment.contains("/") || segment.contains("\\"), raw);
            }
        }
    }

    @Test
    void flagsTrailingSlash() throws RequestException {
        assertTrue(RequestPath.parse("/").trailingSlash());
        assertTrue(RequestPath.parse("/dir/").trailingSlash());
        assertTrue(RequestPath.parse("/dir//").trailingSlash());
        assertFalse(RequestPath.parse("/dir").trailingSlash());
        assertFalse(RequestPath.parse("/dir/file.html").trailingSlash());
    }

    @Test
    void rootHasNoSegments() throws RequestException {
        RequestPath root = RequestPath.parse("/");
        assertEquals(List.of(), root.segments());
        assertTrue(root.trailingSlash());
    }
}
