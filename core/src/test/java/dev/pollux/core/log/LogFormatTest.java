package dev.pollux.core.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.DefaultHttpHeadersFactory;
import io.netty.handler.codec.http.HttpHeaders;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LogFormatTest {

    private static final ZoneId MINUS_SEVEN = ZoneOffset.ofHours(-7);

    private static String format(String pattern, AccessLogEntry entry) {
        StringBuilder out = new StringBuilder();
        LogFormat.parse(pattern, MINUS_SEVEN).format(entry, out);
        return out.toString();
    }

    private static AccessLogEntry withRequestHeader(String name, String value) {
        // Without validation, as a handler might build them: the decoder rejects some of these characters.
        HttpHeaders request = DefaultHttpHeadersFactory.headersFactory().withValidation(false).newHeaders()
                .add(name, value);
        return TestEntries.entry("GET", "/", request, new DefaultHttpHeaders());
    }

    @Test
    void commonNicknameWritesHttpdsExampleLine() {
        AccessLogEntry entry = TestEntries.entry("GET", "/apache_pb.gif", new DefaultHttpHeaders(),
                new DefaultHttpHeaders());
        assertEquals("127.0.0.1 - - [10/Oct/2000:13:55:36 -0700] \"GET /apache_pb.gif HTTP/1.0\" 200 2326",
                format("common", entry));
    }

    @Test
    void combinedNicknameAddsRefererAndUserAgent() {
        HttpHeaders request = new DefaultHttpHeaders()
                .add("Referer", "http://www.example.com/start.html")
                .add("User-Agent", "Mozilla/4.08 [en] (Win98; I ;Nav)");
        AccessLogEntry entry = TestEntries.entry("GET", "/apache_pb.gif", request, new DefaultHttpHeaders());
        assertEquals("127.0.0.1 - - [10/Oct/2000:13:55:36 -0700] \"GET /apache_pb.gif HTTP/1.0\" 200 2326"
                + " \"http://www.example.com/start.html\" \"Mozilla/4.08 [en] (Win98; I ;Nav)\"",
                format("combined", entry));
    }

    @Test
    void nicknamesExpandToHttpdsFormatStrings() {
        assertEquals("%h %l %u %t \"%r\" %>s %b", LogFormat.parse("common").toString());
        assertEquals("%h %l %u %t \"%r\" %>s %b \"%{Referer}i\" \"%{User-Agent}i\"",
                LogFormat.parse("combined").toString());
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '\'', value = {
        "%h                | 192.0.2.7",
        "%a                | 192.0.2.7",
        "%l                | -",
        "%u                | -",
        "%m                | GET",
        "%H                | HTTP/1.1",
        "%>s               | 404",
        "%s                | 404",
        "%b                | 1234",
        "%B                | 1234",
        "%D                | 2500000",
        "%T                | 2",
        "%v                | www.example.com",
        "%p                | 443",
        "%%                | %",
        "'100%% %s!'       | 100% 404!",
        "'[%h]:%p'         | [192.0.2.7]:443",
    })
    void formatsDirective(String pattern, String expected) {
        assertEquals(expected, format(pattern, TestEntries.withBody(404, 1234, 2_500_000)));
    }

    @Test
    void emptyBodyIsDashInClfButZeroInBytes() {
        AccessLogEntry entry = TestEntries.withBody(304, 0, 999_999);
        assertEquals("- 0 0 999999", format("%b %B %T %D", entry));
    }

    @ParameterizedTest(name = "{0}: %U={1} %q={2}")
    @CsvSource(delimiter = '|', quoteCharacter = '\'', value = {
        "/index.html                  | /index.html | ''",
        "/search?q=pollux&x=1         | /search     | ?q=pollux&x=1",
        "/empty?                      | /empty      | ?",
        "http://example.com/a/b?c=d   | /a/b        | ?c=d",
        "http://example.com           | /           | ''",
        "http://example.com?x         | /           | ?x",
        "*                            | *           | ''",
    })
    void splitsPathAndQuery(String uri, String path, String query) {
        assertEquals("[" + path + "][" + query + "]", format("[%U][%q]", TestEntries.get(uri)));
    }

    @Test
    void requestLineJoinsMethodTargetAndProtocol() {
        assertEquals("POST /form?a=1 HTTP/1.0", format("%r", TestEntries.entry("POST", "/form?a=1",
                new DefaultHttpHeaders(), new DefaultHttpHeaders())));
    }

    @Test
    void timeIsInTheGivenZoneWithEnglishMonths() {
        long september = OffsetDateTime.parse("2024-09-05T00:00:07Z").toInstant().toEpochMilli();
        StringBuilder out = new StringBuilder();
        LogFormat.parse("%t", ZoneId.of("Europe/Berlin")).format(TestEntries.at(september), out);
        assertEquals("[05/Sep/2024:02:00:07 +0200]", out.toString());
    }

    @Test
    void timeCacheFollowsTheSecondOfEachEntry() {
        LogFormat format = LogFormat.parse("%t", ZoneOffset.UTC);
        long base = OffsetDateTime.parse("2000-10-10T13:55:36Z").toInstant().toEpochMilli();
        StringBuilder out = new StringBuilder();
        for (long millis : new long[] {base, base + 999, base + 1000, base + 999}) {
            format.format(TestEntries.at(millis), out);
            out.append('|');
        }
        assertEquals("[10/Oct/2000:13:55:36 +0000]|[10/Oct/2000:13:55:36 +0000]|"
                + "[10/Oct/2000:13:55:37 +0000]|[10/Oct/2000:13:55:36 +0000]|", out.toString());
    }

    @Test
    void defaultParseUsesTheJvmZone() {
        long millis = TestEntries.HTTPD_EXAMPLE_MILLIS;
        StringBuilder expected = new StringBuilder();
        LogFormat.parse("%t", ZoneId.systemDefault()).format(TestEntries.at(millis), expected);
        StringBuilder actual = new StringBuilder();
        LogFormat.parse("%t").format(TestEntries.at(millis), actual);
        assertEquals(expected.toString(), actual.toString());
    }

    @Test
    void requestAndResponseHeadersAreLookedUpCaseInsensitively() {
        HttpHeaders request = new DefaultHttpHeaders().add("X-Forwarded-For", "198.51.100.1");
        HttpHeaders response = new DefaultHttpHeaders().add("Content-Type", "text/html");
        AccessLogEntry entry = TestEntries.entry("GET", "/", request, response);
        assertEquals("198.51.100.1 text/html", format("%{x-forwarded-for}i %{content-type}o", entry));
    }

    @Test
    void missingHeaderIsDashAndEmptyHeaderIsEmpty() {
        HttpHeaders request = new DefaultHttpHeaders().add("X-Empty", "");
        AccessLogEntry entry = TestEntries.entry("GET", "/", request, new DefaultHttpHeaders());
        assertEquals("[-][][-]", format("[%{Referer}i][%{X-Empty}i][%{Location}o]", entry));
    }

    @Test
    void repeatedHeaderValuesAreJoinedWithComma() {
        HttpHeaders response = new DefaultHttpHeaders().add("Set-Cookie", "a=1").add("Set-Cookie", "b=2");
        AccessLogEntry entry = TestEntries.entry("GET", "/", new DefaultHttpHeaders(), response);
        assertEquals("a=1, b=2", format("%{Set-Cookie}o", entry));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '\'', value = {
        "quote and backslash     | 'say \"hi\" \\ bye' | 'say \\\"hi\\\" \\\\ bye'",
        "C escapes               | 'a\bb\nc\rd\te\u000bf' | 'a\\bb\\nc\\rd\\te\\vf'",
        "other control bytes     | 'esc\u001b[31m del\u007f' | 'esc\\x1b[31m del\\x7f'",
        "latin-1 bytes as bytes  | 'caf\u00e9' | 'caf\\xe9'",
        "non latin-1 as UTF-8    | '\u20ac' | '\\xe2\\x82\\xac'",
        "surrogate pair as UTF-8 | '\ud83d\ude00' | '\\xf0\\x9f\\x98\\x80'",
        "lone surrogate          | 'x\ud83d' | 'x\\x3f'",
    })
    void escapesHeaderValuesLikeHttpd(String description, String value, String expected) {
        assertEquals(expected, format("%{X-Test}i", withRequestHeader("X-Test", value)), description);
    }

    @Test
    void escapesNulAsHexByte() {
        // Outside @CsvSource, whose parser drops NUL characters.
        assertEquals("a\\x00b", format("%{X-Test}i", withRequestHeader("X-Test", "a\u0000b")));
    }

    @Test
    void forgedLineInRequestTargetStaysOnOneLine() {
        AccessLogEntry entry = TestEntries.get("/x\" 200 0\n10.0.0.1 - - [forged] \"GET /");
        String line = format("\"%r\" %U", entry);
        assertEquals("\"GET /x\\\" 200 0\\n10.0.0.1 - - [forged] \\\"GET / HTTP/1.0\" "
                + "/x\\\" 200 0\\n10.0.0.1 - - [forged] \\\"GET /", line);
    }

    @Test
    void escapesMethodProtocolAndServerName() {
        AccessLogEntry entry = new AccessLogEntry("127.0.0.1", "127.0.0.1", 80, "host\"name", 0, "GE\tT", "/",
                "HTTP/1.1\r",
                new DefaultHttpHeaders(), 200, new DefaultHttpHeaders(), 0, 0);
        assertEquals("GE\\tT HTTP/1.1\\r host\\\"name", format("%m %H %v", entry));
    }

    @Test
    void emptyFormatWritesNothing() {
        assertEquals("", format("", TestEntries.get("/")));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '\'', value = {
        "%z             | unknown LogFormat directive %z",
        "'%h %Z %u'     | unknown LogFormat directive %Z",
        "%>x            | unknown LogFormat directive %>x",
        "%>             | unknown LogFormat directive %>",
        "%<s            | unknown LogFormat directive %<",
        "%{Foo}x        | unknown LogFormat directive %{Foo}x",
        "%{Foo}         | unknown LogFormat directive %{Foo}",
        "%{format}t     | unknown LogFormat directive %{format}t",
        "'%h %{Foo'     | unterminated %{Foo",
        "%{}i           | no header name in %{}i",
        "'%h %'         | dangling % at the end of the format",
        "'%'            | dangling % at the end of the format",
    })
    void rejectsBadFormatNamingTheDirective(String pattern, String message) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LogFormat.parse(pattern));
        assertEquals(message, e.getMessage());
    }
}
