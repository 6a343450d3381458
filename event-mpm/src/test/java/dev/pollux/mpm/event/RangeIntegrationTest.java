package dev.pollux.mpm.event;

import static dev.pollux.mpm.event.HttpExchanges.get;
import static dev.pollux.mpm.event.HttpExchanges.header;
import static dev.pollux.mpm.event.HttpExchanges.send;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.james.mime4j.parser.AbstractContentHandler;
import org.apache.james.mime4j.parser.MimeStreamParser;
import org.apache.james.mime4j.stream.BodyDescriptor;
import org.apache.james.mime4j.stream.Field;
import org.apache.james.mime4j.stream.MimeConfig;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Range requests (RFC 9110 §14) through the whole server: byte-exact single ranges over sendfile, mmap, chunked
 * reads and the in-memory cache; multipart/byteranges read back by an independent MIME parser; 416; If-Range;
 * max-ranges and the coalescing that keeps a thousand overlapping ranges from multiplying the answer.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class RangeIntegrationTest {

    private static final int LARGE = 100 * 1024;

    /** One part of a multipart answer as the MIME parser saw it. */
    private record Part(String contentType, String contentRange, byte[] body) {
    }

    @TempDir
    Path docroot;
    private byte[] large;

    @BeforeEach
    void files() throws IOException {
        ServerFixture.site(docroot);
        large = new byte[LARGE];
        new Random(14).nextBytes(large);
        Files.write(docroot.resolve("large.bin"), large);
    }

    /** The body paths: sendfile, mmap, and chunked reads (the path TLS and HTTP/2 take). */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"sendfile", "mmap", "chunks"})
    void singleRangesAreExactOnEveryBodyPath(String path) throws Exception {
        Map<String, Object> settings = Map.of("enable-sendfile", path.equals("sendfile"),
                "enable-mmap", path.equals("mmap"));
        try (ServerFixture fixture = ServerFixture.start("epoll", docroot, settings)) {
            assertRange(fixture, "bytes=100-199", 100, 199);
            assertRange(fixture, "bytes=-50", LARGE - 50, LARGE - 1);
            assertRange(fixture, "bytes=102000-", 102000, LARGE - 1);
            assertRange(fixture, "bytes=0-999999999", 0, LARGE - 1);
        }
    }

    private void assertRange(ServerFixture fixture, String range, int first, int last) throws Exception {
        HttpResponse<byte[]> response = get(fixture, "/large.bin", "Range", range);
        assertEquals(206, response.statusCode(), range);
        assertEquals("bytes " + first + "-" + last + "/" + LARGE, header(response, "content-range"));
        assertEquals(String.valueOf(last - first + 1), header(response, "content-length"));
        assertArrayEquals(Arrays.copyOfRange(large, first, last + 1), response.body(), range);
    }

    @Test
    void rangesOfACachedSmallFileComeFromItsBytes() throws Exception {
        try (ServerFixture fixture = ServerFixture.start("epoll", docroot, Map.of())) {
            get(fixture, "/small.html");
            HttpResponse<byte[]> response = get(fixture, "/small.html", "Range", "bytes=605-");
            assertEquals(206, response.statusCode());
            assertEquals("bytes 605-611/612", header(response, "content-range"));
            assertEquals("xxxxxx\n", new String(response.body(), StandardCharsets.US_ASCII));
        }
    }

    /** Large and cached files, over sendfile regions and over chunked reads (the TLS and HTTP/2 path). */
    @ParameterizedTest(name = "{0}, sendfile {1}")
    @CsvSource({"large.bin, true", "large.bin, false", "small.html, true"})
    void severalRangesAreAMultipartThatAMimeParserReads(String file, boolean sendfile) throws Exception {
        byte[] content = Files.readAllBytes(docroot.resolve(file));
        Map<String, Object> settings = Map.of("enable-sendfile", sendfile, "enable-mmap", false);
        try (ServerFixture fixture = ServerFixture.start("epoll", docroot, settings)) {
            HttpResponse<byte[]> response = get(fixture, "/" + file, "Range", "bytes=0-9, 300-399,-10");
            assertEquals(206, response.statusCode());
            String type = header(response, "content-type");
            assertTrue(type.startsWith("multipart/byteranges; boundary="), type);
            assertEquals(String.valueOf(response.body().length), header(response, "content-length"));
            List<Part> parts = parse(type, response.body());
            assertEquals(3, parts.size());
            String mediaType = file.endsWith(".bin") ? "application/octet-stream" : "text/html";
            int length = content.length;
            int[][] expected = {{0, 9}, {300, 399}, {length - 10, length - 1}};
            for (int i = 0; i < 3; i++) {
                assertEquals(mediaType, parts.get(i).contentType());
                assertEquals("bytes " + expected[i][0] + "-" + expected[i][1] + "/" + length,
                        parts.get(i).contentRange());
                assertArrayEquals(Arrays.copyOfRange(content, expected[i][0], expected[i][1] + 1), parts.get(i).body());
            }
        }
    }

    private static List<Part> parse(String contentType, byte[] body) throws Exception {
        List<Part> parts = new ArrayList<>();
        MimeStreamParser parser = new MimeStreamParser(MimeConfig.PERMISSIVE);
        parser.setContentHandler(new AbstractContentHandler() {
            private String type;
            private String range;

            @Override
            public void field(Field field) {
                if (field.getName().equalsIgnoreCase("content-type")) {
                    type = field.getBody().trim();
                } else if (field.getName().equalsIgnoreCase("content-range")) {
                    range = field.getBody().trim();
                }
            }

            @Override
            public void body(BodyDescriptor descriptor, InputStream in) throws IOException {
                parts.add(new Part(type, range, in.readAllBytes()));
            }
        });
        InputStream head = new ByteArrayInputStream(("Content-Type: " + contentType + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        parser.parse(new SequenceInputStream(head, new ByteArrayInputStream(body)));
        return parts;
    }

    @Test
    void unsatisfiableRangesAre416WithTheLength() throws Exception {
        try (ServerFixture fixture = ServerFixture.start("epoll", docroot, Map.of())) {
            HttpResponse<byte[]> response = get(fixture, "/large.bin", "Range", "bytes=" + LARGE + "-");
            assertEquals(416, response.statusCode());
            assertEquals("bytes */" + LARGE, header(response, "content-range"));
            HttpResponse<byte[]> invalid = get(fixture, "/large.bin", "Range", "bytes=9-1");
            assertEquals(200, invalid.statusCode(), "an invalid Range is ignored (RFC 9110 §14.2)");
            assertEquals(LARGE, invalid.body().length);
        }
    }

    @Test
    void ifRangeAppliesTheRangeOnlyToTheSameVersion() throws Exception {
        try (ServerFixture fixture = ServerFixture.start("epoll", docroot, Map.of())) {
            HttpResponse<byte[]> whole = get(fixture, "/large.bin");
            assertEquals("bytes", header(whole, "accept-ranges"));
            String etag = header(whole, "etag");
            String modified = header(whole, "last-modified");
            assertEquals(206, get(fixture, "/large.bin", "Range", "bytes=0-0", "If-Range", etag).statusCode());
            assertEquals(206, get(fixture, "/large.bin", "Range", "bytes=0-0", "If-Range", modified).statusCode());
            HttpResponse<byte[]> changed = get(fixture, "/large.bin", "Range", "bytes=0-0", "If-Range", "\"other\"");
            assertEquals(200, changed.statusCode());
            assertEquals(LARGE, changed.body().length);
            assertEquals(200, get(fixture, "/large.bin", "Range", "bytes=0-0", "If-Range", "W/" + etag).statusCode(),
                    "If-Range compares entity tags strongly");
        }
    }

    @Test
    void headAnswersTheHeadersOfTheRange() throws Exception {
        try (ServerFixture fixture = ServerFixture.start("epoll", docroot, Map.of())) {
            HttpResponse<byte[]> response = send(fixture, "HEAD", "/large.bin", "Range", "bytes=10-19");
            assertEquals(206, response.statusCode());
            assertEquals("bytes 10-19/" + LARGE, header(response, "content-range"));
            assertEquals("10", header(response, "content-length"));
            assertEquals(0, response.body().length);
        }
    }

    /** CVE-2011-3192: a thousand overlapping ranges must not make the answer a thousand times the file. */
    @Test
    void overlappingRangesAreCoalescedAndTooManyGetTheWholeFile() throws Exception {
        String overlapping = "bytes=" + IntStream.range(0, 1000).mapToObj(i -> "0-" + (i * 100))
                .collect(Collectors.joining(","));
        String disjoint = "bytes=" + IntStream.range(0, 300).mapToObj(i -> (i * 10) + "-" + (i * 10 + 1))
                .collect(Collectors.joining(","));
        try (ServerFixture fixture = ServerFixture.start("epoll", docroot, Map.of())) {
            HttpResponse<byte[]> merged = get(fixture, "/large.bin", "Range", overlapping);
            assertTrue(merged.body().length <= 2 * LARGE, "answer of " + merged.body().length + " bytes");
            String few = "bytes=" + IntStream.range(0, 100).mapToObj(i -> (i * 10) + "-" + (i * 10 + 500))
                    .collect(Collectors.joining(","));
            HttpResponse<byte[]> coalesced = get(fixture, "/large.bin", "Range", few);
            assertEquals(206, coalesced.statusCode());
            assertEquals("bytes 0-1490/" + LARGE, header(coalesced, "content-range"), "100 overlapping ranges, one");
            HttpResponse<byte[]> many = get(fixture, "/large.bin", "Range", disjoint);
            assertEquals(200, many.statusCode(), "300 ranges are over max-ranges = 200");
            assertArrayEquals(large, many.body());
        }
        try (ServerFixture fixture = ServerFixture.start("epoll", docroot, Map.of("max-ranges", 0))) {
            HttpResponse<byte[]> ignored = get(fixture, "/large.bin", "Range", "bytes=0-9");
            assertEquals(200, ignored.statusCode());
            assertFalse(ignored.headers().firstValue("accept-ranges").isPresent());
        }
    }
}
