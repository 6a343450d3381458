package dev.pollux.mpm.event;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.pollux.core.Version;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Static files through the whole server, with {@link HttpClient} and raw sockets. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class StaticFilesIntegrationTest {

    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    @TempDir
    Path base;

    private Path docroot() throws IOException {
        Path docroot = Files.createDirectories(base.resolve("www"));
        ServerFixture.site(docroot);
        Files.createDirectories(docroot.resolve("docs"));
        Files.writeString(docroot.resolve("docs/index.html"), "docs index");
        Files.createDirectories(docroot.resolve("empty"));
        Files.writeString(docroot.resolve(".htaccess"), "secret config");
        Files.writeString(docroot.resolve("style.css"), "body{}");
        Files.writeString(base.resolve("secret.txt"), "TOP SECRET");
        return docroot;
    }

    private static HttpResponse<String> get(ServerFixture fixture, String path, String... headers)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + fixture.port() + path));
        if (headers.length > 0) {
            request.headers(headers);
        }
        return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void servesFilesWithTypeValidatorsAndServerHeaders() throws Exception {
        try (ServerFixture fixture = ServerFixture.start("epoll", docroot(), Map.of())) {
            HttpResponse<String> index = get(fixture, "/");
            assertEquals(200, index.statusCode());
            assertEquals("<h1>index</h1>\n", index.body());
            assertEquals("text/html", index.headers().firstValue("content-type").orElseThrow());
            assertEquals(Version.SERVER_TOKEN, index.headers().firstValue("server").orElseThrow());
            assertTrue(index.headers().firstValue("date").orElseThrow().endsWith(" GMT"));
            assertTrue(index.headers().firstValue("etag").orElseThrow().matches("\"[0-9a-f]+-[0-9a-f]+\""));
            assertNotNull(index.headers().firstValue("last-modified").orElse(null));
            assertEquals("text/css", get(fixture, "/style.css").headers().firstValue("content-type").orElseThrow());
            assertEquals("docs index", get(fixture, "/docs/").body());
        }
    }

    @Test
    void acceptsAbsoluteFormTargets() throws Exception {
        try (ServerFixture fixture = ServerFixture.start("epoll", docroot(), Map.of());
             RawClient client = fixture.connect()) {
            assertEquals(612, client.send("GET http://localhost/small.html HTTP/1.1\r\nHost: localhost\r\n\r\n")
                    .read().body().length);
            assertEquals("<h1>index</h1>\n", client.send("GET http://localhost HTTP/1.1\r\nHost: localhost\r\n\r\n")
                    .read().text());
        }
    }

    @Test
    void answersConditionalRequestsWith304() throws Exception {
        try (ServerFixture fixture = ServerFixture.start("epoll", docroot(), Map.of())) {
            HttpResponse<String> first = get(fixture, "/small.html");
            String etag = first.headers().firstValue("etag").orElseThrow();
            String lastModified = first.headers().firstValue("last-modified").orElseThrow();
            HttpResponse<String> byTag = get(fixture, "/small.html", "If-None-Match", etag);
            assertEquals(304, byTag.statusCode());
            assertEquals("", byTag.body());
            assertEquals(etag, byTag.headers().firstValue("etag").orElseThrow());
            assertEquals(304, get(fixture, "/small.html", "If-Modified-Since", lastModified).statusCode());
            assertEquals(200, get(fixture, "/small.html", "If-None-Match", "\"other\"").statusCode());
            assertEquals(200, get(fixture, "/small.html", "If-Modified-Since", "Thu, 01 Jan 1970 00:00:00 GMT")
                    .statusCode());
        }
    }

    @Test
    void answersHeadWithLengthAndNoBody() throws Exception {
        try (ServerFixture fixture = ServerFixture.start("epoll", docroot(), Map.of());
             RawClient client = fixture.connect()) {
            client.send("HEAD /small.html HTTP/1.1\r\nHost: x\r\n\r\nGET /index.html HTTP/1.1\r\nHost: x\r\n\r\n");
            RawClient.Reply head = client.read(true);
            assertEquals(200, head.status());
            assertEquals("612", head.header("Content-Length"));
            assertEquals("<h1>index</h1>\n", client.read().text(), "no body bytes came between the two responses");
        }
    }

    @Test
    void redirectsDirectoriesForbidsWhatHttpdForbidsAndRefusesOtherMethods() throws Exception {
        try (ServerFixture fixture = ServerFixture.start("epoll", docroot(), Map.of())) {
            HttpResponse<String> redirect = get(fixture, "/docs?x=1");
            assertEquals(301, redirect.statusCode());
            assertEquals("/docs/?x=1", redirect.headers().firstValue("location").orElseThrow());
            assertEquals(403, get(fixture, "/empty/").statusCode());
            assertEquals(403, get(fixture, "/.htaccess").statusCode());
            assertEquals(404, get(fixture, "/missing.html").statusCode());
            HttpResponse<String> post = CLIENT.send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + fixture.port() + "/small.html"))
                    .POST(HttpRequest.BodyPublishers.ofString("a=1")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(405, post.statusCode());
            assertEquals("GET, HEAD, OPTIONS", post.headers().firstValue("allow").orElseThrow());
            assertFalse(post.body().contains("Exception"));
        }
    }

    @Test
    void noSpellingOfTraversalLeaksAFileOutsideTheRoot() throws Exception {
        List<String> spellings = List.of("/../secret.txt", "/%2e%2e/secret.txt", "/%2E%2E/secret.txt",
                "/..%2fsecret.txt", "/%2e%2e%2fsecret.txt", "/docs/../../secret.txt", "/docs/%2e%2e/%2e%2e/secret.txt",
                "/..\\secret.txt", "/%5c..%5csecret.txt", "/docs/..%5c..%5csecret.txt", "/secret.txt%00.html",
                "/%252e%252e/secret.txt", "//../secret.txt", "/./../secret.txt", "/%c0%ae%c0%ae/secret.txt");
        try (ServerFixture fixture = ServerFixture.start("epoll", docroot(), Map.of())) {
            for (String spelling : spellings) {
                try (RawClient client = fixture.connect()) {
                    RawClient.Reply reply = client.send("GET " + spelling + " HTTP/1.1\r\nHost: x\r\n\r\n").read();
                    assertFalse(reply.text().contains("TOP SECRET"), spelling);
                    assertTrue(reply.status() == 400 || reply.status() == 404, spelling + " -> " + reply.status());
                }
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"sendfile", "mmap", "chunked"})
    void sendsIdenticalBytesWhicheverWayTheFileGoesOut(String way) throws Exception {
        Path docroot = docroot();
        byte[] content = new byte[(1 << 20) + 17];
        new Random(42).nextBytes(content);
        Files.write(docroot.resolve("random.bin"), content);
        Map<String, Object> settings = Map.of("enable-sendfile", way.equals("sendfile"), "enable-mmap", way.equals("mmap"));
        try (ServerFixture fixture = ServerFixture.start("epoll", docroot, settings);
             RawClient client = fixture.connect()) {
            for (int i = 0; i < 2; i++) {
                RawClient.Reply reply = client.get("/random.bin").read();
                assertEquals("application/octet-stream", reply.header("Content-Type"));
                assertArrayEquals(content, reply.body());
            }
        }
    }

    @Test
    void unmapsEachMappedFileOnceItIsSent() throws Exception {
        Path maps = Path.of("/proc/self/maps");
        assumeTrue(Files.isReadable(maps), "needs Linux's /proc/self/maps");
        Path docroot = docroot();
        // Over the open-file cache's 16 KiB, so each request maps the file afresh; /proc names the real path.
        Path small = Files.write(docroot.resolve("mapped.bin"), new byte[32 * 1024]).toRealPath();
        Path large = docroot.resolve("large.bin");
        try (RandomAccessFile sparse = new RandomAccessFile(large.toFile(), "rw")) {
            sparse.setLength(32 << 20);
        }
        large = large.toRealPath();
        Map<String, Object> settings = Map.of("enable-sendfile", false, "enable-mmap", true);
        try (ServerFixture fixture = ServerFixture.start("epoll", docroot, settings)) {
            try (RawClient unread = fixture.connect()) {
                unread.get("/large.bin");
                // More than the sockets hold, so its write waits on this client: the body does go out mapped.
                assertEquals(1, mappings(maps, large, 1), "the large file mapped while its response waits");
                assertEquals(32 << 20, unread.read().body().length);
            }
            assertEquals(0, mappings(maps, large, 0), "the large file unmapped once sent");
            // 6 x 50: within max-keep-alive-requests (100) on each connection.
            for (int connection = 0; connection < 6; connection++) {
                try (RawClient client = fixture.connect()) {
                    for (int i = 0; i < 50; i++) {
                        assertEquals(32 * 1024, client.get("/mapped.bin").read().body().length);
                    }
                }
                // Unmapped right after each write, not whenever the collector runs: none are left moments later.
                assertEquals(0, mappings(maps, small, 0), "mappings left after 50 responses were sent");
            }
        }
    }

    /**
     * The file's mappings once there are {@code expected} of them, or after 500 ms. Not {@link Eventually}: its
     * 10 s of tight polling, each poll reading /proc, would allocate enough to run the collector, which unmaps
     * too, and so hide a missing unmap.
     */
    private static long mappings(Path maps, Path file, long expected) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(500);
        while (true) {
            long mappings = Files.readAllLines(maps).stream().filter(line -> line.endsWith(file.toString())).count();
            if (mappings == expected || System.nanoTime() > deadline) {
                return mappings;
            }
            Thread.sleep(10);
        }
    }

    @Test
    void writesAccessLogLinesInCommonFormat() throws Exception {
        Path log = base.resolve("logs/access.log");
        Map<String, Object> settings = Map.of("access-log.enabled", true, "access-log.path", log.toString());
        try (ServerFixture fixture = ServerFixture.start("epoll", docroot(), settings);
             RawClient client = fixture.connect()) {
            client.get("/small.html").read();
            client.get("/missing").read();
            try (RawClient refused = fixture.connect()) {
                assertEquals(501, refused.send("BREW /pot HTTP/1.1\r\nHost: x\r\n\r\n").read().status());
            }
        }
        List<String> lines = Files.readAllLines(log);
        assertEquals(3, lines.size(), lines.toString());
        assertTrue(lines.stream().anyMatch(line -> line.matches(".*\"BREW /pot HTTP/1\\.1\" 501 \\d+")),
                "refused requests are logged too: " + lines);
        assertTrue(lines.get(0).matches("127\\.0\\.0\\.1 - - \\[.+] \"GET /small\\.html HTTP/1\\.1\" 200 612"), lines.get(0));
        assertTrue(lines.get(1).matches(".*\"GET /missing HTTP/1\\.1\" 404 \\d+"), lines.get(1));
    }
}
