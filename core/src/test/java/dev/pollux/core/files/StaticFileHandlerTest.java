package dev.pollux.core.files;

import static io.netty.handler.codec.http.HttpVersion.HTTP_1_1;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pollux.core.http.Request;
import dev.pollux.core.http.RequestException;
import dev.pollux.core.http.Response;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The static file handler on a real document root:
 * <pre>
 * tmp/
 *   root/                 the document root
 *     index.html, hello.txt (mtime {@link #MTIME}), style.css, .htaccess, .htpasswd
 *     a/index.html        a directory with an index
 *     empty/other.txt     a directory without one
 *     link-inside  -> hello.txt
 *     link-outside -> ../secret/secret.txt
 *     link-dir     -> a
 *   secret/secret.txt     outside the root
 * </pre>
 */
class StaticFileHandlerTest {

    private static final Instant MTIME = Instant.parse("2024-03-01T12:34:56.123456Z");
    private static final String MTIME_HTTP = "Fri, 01 Mar 2024 12:34:56 GMT";
    private static final String HELLO = "hello, world\n";
    private static final MimeTypes MIME = MimeTypes.parse(List.of("text/html html", "text/plain txt", "text/css css"));
    private static final InetSocketAddress REMOTE = new InetSocketAddress(InetAddress.getLoopbackAddress(), 50123);
    private static final InetSocketAddress LOCAL = new InetSocketAddress(InetAddress.getLoopbackAddress(), 8080);

    @TempDir
    Path tmp;

    private Path root;
    private Path secret;

    /** Symlink options, as {@code options.follow-symlinks} and {@code options.symlinks-if-owner-match}. */
    private enum Symlinks { FOLLOW, REFUSE, IF_OWNER_MATCH }

    @BeforeEach
    void buildDocumentRoot() throws IOException {
        root = Files.createDirectory(tmp.resolve("root"));
        Files.writeString(root.resolve("index.html"), "<h1>home</h1>\n");
        Files.writeString(root.resolve("hello.txt"), HELLO);
        Files.setLastModifiedTime(root.resolve("hello.txt"), FileTime.from(MTIME));
        Files.writeString(root.resolve("style.css"), "body {}\n");
        Files.writeString(root.resolve(".htaccess"), "Require all denied\n");
        Files.writeString(root.resolve(".htpasswd"), "user:$apr1$hash\n");
        Files.writeString(Files.createDirectory(root.resolve("a")).resolve("index.html"), "<p>a</p>\n");
        Files.writeString(Files.createDirectory(root.resolve("empty")).resolve("other.txt"), "other\n");
        secret = Files.createDirectory(tmp.resolve("secret")).resolve("secret.txt");
        Files.writeString(secret, "top secret\n");
        Files.createSymbolicLink(root.resolve("link-inside"), Path.of("hello.txt"));
        Files.createSymbolicLink(root.resolve("link-outside"), Path.of("..", "secret", "secret.txt"));
        Files.createSymbolicLink(root.resolve("link-dir"), Path.of("a"));
    }

    private static final VariantSettings NO_VARIANTS =
            new VariantSettings(List.of(), false, Set.of(), List.of());

    private StaticFileHandler handler(Symlinks symlinks) throws IOException {
        FileSettings settings = new FileSettings(root, List.of("index.html"), tmp.resolve("mime.types"),
                symlinks == Symlinks.FOLLOW, symlinks == Symlinks.IF_OWNER_MATCH, true, false, FileCacheSettings.OFF,
                false, 200, List.of(), NO_VARIANTS);
        return new StaticFileHandler(settings, MIME, null);
    }

    private Response get(String uri, String... headers) throws Exception {
        return send(handler(Symlinks.FOLLOW), HttpMethod.GET, uri, headers);
    }

    /** Runs the handler on a request with {@code headers} as name, value pairs; releases the request. */
    private static Response send(StaticFileHandler handler, HttpMethod method, String uri, String... headers)
            throws Exception {
        FullHttpRequest message = new DefaultFullHttpRequest(HTTP_1_1, method, uri);
        try {
            for (int i = 0; i < headers.length; i += 2) {
                message.headers().add(headers[i], headers[i + 1]);
            }
            return handler.handle(new Request(message, REMOTE, LOCAL));
        } finally {
            message.release();
        }
    }

    private static RequestException refusal(StaticFileHandler handler, HttpMethod method, String uri) {
        return assertThrows(RequestException.class, () -> send(handler, method, uri));
    }

    private int statusOf(String uri) throws IOException {
        return refusal(handler(Symlinks.FOLLOW), HttpMethod.GET, uri).status().code();
    }

    private static Response.FileBody fileBody(Response response) {
        assertEquals(200, response.status().code());
        return assertInstanceOf(Response.FileBody.class, response.body());
    }

    private static String etagOf(Path file) throws IOException {
        return "\"" + Long.toHexString(Files.size(file)) + '-'
                + Long.toHexString(ChronoUnit.MICROS.between(Instant.EPOCH, Files.getLastModifiedTime(file).toInstant()))
                + "\"";
    }

    @Test
    void servesFileWithPathLengthAndContentType() throws Exception {
        Response response = get("/hello.txt");
        Response.FileBody body = fileBody(response);
        assertEquals(root.toRealPath().resolve("hello.txt"), body.path());
        assertEquals(HELLO.length(), body.length());
        assertEquals("text/plain", response.headers().get(HttpHeaderNames.CONTENT_TYPE));
        assertEquals(MTIME_HTTP, response.headers().get(HttpHeaderNames.LAST_MODIFIED));
    }

    @Test
    void labelsByExtension() throws Exception {
        assertEquals("text/css", get("/style.css").headers().get(HttpHeaderNames.CONTENT_TYPE));
        assertEquals("text/html", get("/index.html").headers().get(HttpHeaderNames.CONTENT_TYPE));
    }

    @Test
    void ignoresQueryWhenMappingPath() throws Exception {
        assertEquals(root.toRealPath().resolve("hello.txt"), fileBody(get("/hello.txt?x=1")).path());
    }

    @Test
    void headIsAnsweredLikeGet() throws Exception {
        Response response = send(handler(Symlinks.FOLLOW), HttpMethod.HEAD, "/hello.txt");
        assertEquals(HELLO.length(), fileBody(response).length());
    }

    @Test
    void servesIndexForRootAndDirectoryWithSlash() throws Exception {
        Path real = root.toRealPath();
        assertEquals(real.resolve("index.html"), fileBody(get("/")).path());
        Response response = get("/a/");
        assertEquals(real.resolve("a").resolve("index.html"), fileBody(response).path());
        assertEquals("text/html", response.headers().get(HttpHeaderNames.CONTENT_TYPE));
    }

    @Test
    void redirectsDirectoryWithoutSlashKeepingQuery() throws Exception {
        Response response = get("/a?x=1&y=%20");
        assertEquals(301, response.status().code());
        assertEquals("/a/?x=1&y=%20", response.headers().get(HttpHeaderNames.LOCATION));
        assertInstanceOf(Response.NoBody.class, response.body());
        assertEquals("/a/", get("/a").headers().get(HttpHeaderNames.LOCATION));
    }

    @Test
    void directoryRedirectIsNeverANetworkPathReference() throws Exception {
        // "//a/" in Location would send the client to the host "a" (RFC 3986 §4.2).
        Response response = get("//a");
        assertEquals(301, response.status().code());
        String location = response.headers().get(HttpHeaderNames.LOCATION);
        assertFalse(location.startsWith("//"), location);
        assertEquals("/a/", location);
        assertEquals("/a/?q=1", get("///a?q=1").headers().get(HttpHeaderNames.LOCATION));
    }

    @Test
    void refusesDirectoryWithoutIndex() throws Exception {
        assertEquals(403, statusOf("/empty/"));
        assertEquals(200, get("/empty/other.txt").status().code());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"/.htaccess", "/.htpasswd", "/a/.htaccess", "/.htnothing"})
    void refusesHtFiles(String uri) throws Exception {
        assertEquals(403, statusOf(uri));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"/missing.txt", "/a/missing/", "/hello.txt/x", "/empty/index.html"})
    void answersNotFoundForMissing(String uri) throws Exception {
        assertEquals(404, statusOf(uri));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"POST", "PUT", "DELETE", "PATCH", "TRACE"})
    void refusesOtherMethodsWithAllow(String method) throws Exception {
        RequestException e = refusal(handler(Symlinks.FOLLOW), HttpMethod.valueOf(method), "/hello.txt");
        assertEquals(405, e.status().code());
        Response page = e.toResponse();
        try {
            assertEquals("GET, HEAD, OPTIONS", page.headers().get(HttpHeaderNames.ALLOW));
        } finally {
            page.discardBody();
        }
    }

    @Test
    void answersOptionsWithAllow() throws Exception {
        Response response = send(handler(Symlinks.FOLLOW), HttpMethod.OPTIONS, "/hello.txt");
        assertEquals(200, response.status().code());
        assertEquals("GET, HEAD, OPTIONS", response.headers().get(HttpHeaderNames.ALLOW));
        assertInstanceOf(Response.NoBody.class, response.body());
    }

    @Test
    void followsSymlinksWhenFollowSymlinksOn() throws Exception {
        StaticFileHandler handler = handler(Symlinks.FOLLOW);
        assertEquals(HELLO.length(), fileBody(send(handler, HttpMethod.GET, "/link-inside")).length());
        // As httpd's FollowSymLinks: the target may lie outside the document root.
        assertEquals(Files.size(secret), fileBody(send(handler, HttpMethod.GET, "/link-outside")).length());
        assertEquals(200, send(handler, HttpMethod.GET, "/link-dir/index.html").status().code());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"/link-inside", "/link-outside", "/link-dir/index.html", "/link-dir/"})
    void refusesSymlinksWhenFollowSymlinksOff(String uri) throws Exception {
        assertEquals(403, refusal(handler(Symlinks.REFUSE), HttpMethod.GET, uri).status().code());
    }

    @Test
    void followsSymlinkOwnedLikeItsTargetWhenSymlinksIfOwnerMatch() throws Exception {
        // Everything under @TempDir belongs to the user running the test.
        StaticFileHandler handler = handler(Symlinks.IF_OWNER_MATCH);
        assertEquals(HELLO.length(), fileBody(send(handler, HttpMethod.GET, "/link-inside")).length());
        assertEquals(200, send(handler, HttpMethod.GET, "/link-dir/").status().code());
    }

    /** A spelling that tries to leave the document root, and how it is refused. */
    record Traversal(String uri, int status) {
    }

    static Stream<Traversal> traversals() {
        return Stream.of(
                new Traversal("/../secret/secret.txt", 400),
                new Traversal("/%2e%2e/secret/secret.txt", 400),
                new Traversal("/a/../../secret/secret.txt", 400),
                new Traversal("/..%2fsecret%2fsecret.txt", 404),
                new Traversal("/%2e%2e%2fsecret/secret.txt", 404),
                new Traversal("/a/..%5c..%5csecret/secret.txt", 400),
                new Traversal("/%00", 400),
                new Traversal("/hello.txt%00.html", 400),
                new Traversal("/a%2f..%2f..%2fsecret/secret.txt", 404),
                new Traversal("/%252e%252e/secret/secret.txt", 404));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("traversals")
    void neverServesAFileOutsideTheRoot(Traversal traversal) throws Exception {
        StaticFileHandler handler = handler(Symlinks.FOLLOW);
        Path realRoot = root.toRealPath();
        Response response = null;
        int status;
        try {
            response = send(handler, HttpMethod.GET, traversal.uri());
            status = response.status().code();
        } catch (RequestException e) {
            status = e.status().code();
        }
        if (response != null && response.body() instanceof Response.FileBody body) {
            assertTrue(body.path().toRealPath().startsWith(realRoot), body.path() + " is outside " + realRoot);
        }
        assertEquals(traversal.status(), status);
    }

    @Test
    void etagIsHexSizeDashHexMtimeMicros() throws Exception {
        String etag = get("/hello.txt").headers().get(HttpHeaderNames.ETAG);
        long micros = ChronoUnit.MICROS.between(Instant.EPOCH, MTIME);
        assertEquals("\"" + Long.toHexString(HELLO.length()) + "-" + Long.toHexString(micros) + "\"", etag);
        assertEquals(etagOf(root.resolve("hello.txt")), etag);
        assertTrue(etag.matches("\"[0-9a-f]+-[0-9a-f]+\""), etag);
    }

    /** A precondition on {@code /hello.txt} and whether it is met (304) or not (200). */
    record Precondition(String name, String ifNoneMatch, String ifModifiedSince, int status) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Precondition> preconditions() {
        String etag = "\"" + Long.toHexString(HELLO.length()) + "-"
                + Long.toHexString(ChronoUnit.MICROS.between(Instant.EPOCH, MTIME)) + "\"";
        return Stream.of(
                new Precondition("If-None-Match exact", etag, null, 304),
                new Precondition("If-None-Match list", "\"nope\", " + etag + " , \"other\"", null, 304),
                new Precondition("If-None-Match weak", "W/" + etag, null, 304),
                new Precondition("If-None-Match star", "*", null, 304),
                new Precondition("If-None-Match other", "\"d-0\"", null, 200),
                new Precondition("If-None-Match unquoted", etag.replace("\"", ""), null, 200),
                new Precondition("If-Modified-Since equal", null, MTIME_HTTP, 304),
                new Precondition("If-Modified-Since later", null, "Sat, 02 Mar 2024 00:00:00 GMT", 304),
                new Precondition("If-Modified-Since a second earlier", null, "Fri, 01 Mar 2024 12:34:55 GMT", 200),
                new Precondition("If-Modified-Since garbage", null, "yesterday-ish", 200),
                new Precondition("If-None-Match mismatch wins over If-Modified-Since", "\"d-0\"", MTIME_HTTP, 200),
                new Precondition("If-None-Match match wins over If-Modified-Since",
                        etag, "Thu, 01 Jan 1970 00:00:00 GMT", 304));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("preconditions")
    void answersConditionalRequests(Precondition precondition) throws Exception {
        List<String> headers = new ArrayList<>();
        if (precondition.ifNoneMatch() != null) {
            headers.addAll(List.of(HttpHeaderNames.IF_NONE_MATCH.toString(), precondition.ifNoneMatch()));
        }
        if (precondition.ifModifiedSince() != null) {
            headers.addAll(List.of(HttpHeaderNames.IF_MODIFIED_SINCE.toString(), precondition.ifModifiedSince()));
        }
        Response response = get("/hello.txt", headers.toArray(String[]::new));
        assertEquals(precondition.status(), response.status().code());
        assertEquals(etagOf(root.resolve("hello.txt")), response.headers().get(HttpHeaderNames.ETAG));
        assertEquals(MTIME_HTTP, response.headers().get(HttpHeaderNames.LAST_MODIFIED));
        if (precondition.status() == 304) {
            assertInstanceOf(Response.NoBody.class, response.body());
            assertNull(response.headers().get(HttpHeaderNames.CONTENT_TYPE));
        } else {
            assertInstanceOf(Response.FileBody.class, response.body());
        }
    }

    @Test
    void refusesToStartWithoutADocumentRoot() {
        FileSettings missing = new FileSettings(tmp.resolve("nowhere"), List.of("index.html"), tmp, true, false,
                true, false, FileCacheSettings.OFF, false, 200, List.of(), NO_VARIANTS);
        assertThrows(NoSuchFileException.class, () -> new StaticFileHandler(missing, MIME, null));
        FileSettings file = new FileSettings(root.resolve("hello.txt"), List.of("index.html"), tmp, true, false,
                true, false, FileCacheSettings.OFF, false, 200, List.of(), NO_VARIANTS);
        assertThrows(NotDirectoryException.class, () -> new StaticFileHandler(file, MIME, null));
    }

    @Test
    void servesBytesThatAreTheFile() throws Exception {
        Response.FileBody body = fileBody(get("/hello.txt"));
        assertEquals(HELLO, Files.readString(body.path(), StandardCharsets.UTF_8));
    }
}
