package dev.pollux.mpm.event;

import static dev.pollux.mpm.event.HttpExchanges.get;
import static dev.pollux.mpm.event.HttpExchanges.header;
import static dev.pollux.mpm.event.HttpExchanges.send;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A site's rules through the whole server: error documents, redirects, aliases, canonical redirects, directory
 * listings, MultiViews, precompressed variants, on-the-fly gzip, OPTIONS and TRACE.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class SiteRulesIntegrationTest {


    @TempDir
    Path base;
    private Path docroot;
    private String css;

    @BeforeEach
    void site() throws IOException {
        docroot = Files.createDirectories(base.resolve("www"));
        ServerFixture.site(docroot);
        Files.createDirectories(docroot.resolve("errors"));
        Files.writeString(docroot.resolve("errors/404.html"), "<h1>our own 404</h1>");
        Files.createDirectories(docroot.resolve("docs"));
        Files.writeString(docroot.resolve("docs/index.html"), "docs");
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 2000; i++) {
            text.append(".rule-").append(i).append(" { color: #").append(Integer.toHexString(i * 7919 & 0xffffff))
                    .append("; }\n");
        }
        css = text.toString();
        Files.writeString(docroot.resolve("style.css"), css);
    }

    private static String text(HttpResponse<byte[]> response) {
        return new String(response.body(), StandardCharsets.UTF_8);
    }

    private static byte[] gzip(byte[] bytes) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream zip = new GZIPOutputStream(out)) {
            zip.write(bytes);
        }
        return out.toByteArray();
    }

    private static byte[] gunzip(byte[] bytes) throws IOException {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(bytes))) {
            return in.readAllBytes();
        }
    }

    @Test
    void errorDocumentsAreLocalPagesRedirectsOrText() throws Exception {
        Map<String, Object> settings = Map.of("error-document", Map.of("404", "/errors/404.html",
                "403", "https://status.example/forbidden", "405", "No such method here"));
        Files.createDirectories(docroot.resolve("empty"));
        try (ServerFixture fixture = ServerFixture.start("epoll", docroot, settings)) {
            HttpResponse<byte[]> missing = get(fixture, "/nope.html");
            assertEquals(404, missing.statusCode());
            assertEquals("<h1>our own 404</h1>", text(missing));
            assertEquals("text/html", header(missing, "content-type"));
            assertEquals(null, header(missing, "etag"), "an error carries no validator of its document");
            HttpResponse<byte[]> forbidden = get(fixture, "/empty/");
            assertEquals(302, forbidden.statusCode());
            assertEquals("https://status.example/forbidden", header(forbidden, "location"));
            HttpResponse<byte[]> method = send(fixture, "DELETE", "/index.html");
            assertEquals(405, method.statusCode());
            assertEquals("No such method here", text(method));
            assertEquals("GET, HEAD, OPTIONS", header(method, "allow"));
        }
    }

    @Test
    void aMissingErrorDocumentFallsBackToTheBuiltInPage() throws Exception {
        try (ServerFixture fixture = ServerFixture.start("epoll", docroot,
                Map.of("error-document", Map.of("404", "/errors/gone.html")))) {
            HttpResponse<byte[]> missing = get(fixture, "/nope.html");
            assertEquals(404, missing.statusCode());
            assertTrue(text(missing).contains("Not Found"), text(missing));
        }
    }

    @Test
    void redirectsFollowModAliasRules() throws Exception {
        Map<String, Object> settings = Map.of(
                "redirect", List.of(Map.of("from", "/old", "to", "http://new.example/new", "status", 301),
                        Map.of("from", "/gone", "status", 410)),
                "redirect-match", List.of(Map.of("pattern", "^/img/(.*)\\.gif$", "to", "/img/$1.png")));
        try (ServerFixture fixture = ServerFixture.start("epoll", docroot, settings)) {
            HttpResponse<byte[]> old = get(fixture, "/old/a%20b.html?q=1");
            assertEquals(301, old.statusCode());
            assertEquals("http://new.example/new/a%20b.html?q=1", header(old, "location"));
            assertEquals("http://new.example/new", header(get(fixture, "/old"), "location"));
            assertEquals(404, get(fixture, "/older").statusCode(), "a prefix matches whole segments");
            assertEquals(410, get(fixture, "/gone/x").statusCode());
            HttpResponse<byte[]> image = get(fixture, "/img/logo.gif");
            assertEquals(302, image.statusCode());
            assertEquals("/img/logo.png", header(image, "location"));
        }
    }

    @Test
    void aliasesServeOtherDirectories() throws Exception {
        Path icons = Files.createDirectories(base.resolve("icons"));
        Files.writeString(icons.resolve("a.txt"), "icon a");
        Map<String, Object> settings = Map.of("alias", List.of(Map.of("url", "/icons/", "path", icons.toString())));
        try (ServerFixture fixture = ServerFixture.start("epoll", docroot, settings)) {
            assertEquals("icon a", text(get(fixture, "/icons/a.txt")));
            assertEquals(404, get(fixture, "/icons").statusCode(), "/icons/ leaves /icons to the document root");
            assertEquals(400, get(fixture, "/icons/../../secret").statusCode());
        }
    }

    @Test
    void theTrailingSlashRedirectUsesTheCanonicalNameWhenAsked() throws Exception {
        try (ServerFixture plain = ServerFixture.start("epoll", docroot, Map.of())) {
            assertEquals("/docs/", header(get(plain, "/docs"), "location"));
        }
        try (ServerFixture canonical = ServerFixture.start("epoll", docroot,
                Map.of("use-canonical-name", true, "server-name", "www.example.com"))) {
            assertEquals("http://www.example.com:" + canonical.port() + "/docs/?x=1",
                    header(get(canonical, "/docs?x=1"), "location"));
        }
    }

    @Test
    void indexesListDirectoriesWithHostileNamesEscaped() throws Exception {
        Path listed = Files.createDirectories(docroot.resolve("files"));
        String hostile = "<script>alert(1)<b>&\"x.txt";
        Files.writeString(listed.resolve(hostile), "x");
        Files.writeString(listed.resolve("b.txt"), "bb");
        Files.writeString(listed.resolve(".htpasswd"), "secret");
        try (ServerFixture off = ServerFixture.start("epoll", docroot, Map.of())) {
            assertEquals(403, get(off, "/files/").statusCode());
        }
        try (ServerFixture fixture = ServerFixture.start("epoll", docroot, Map.of("options.indexes", true))) {
            HttpResponse<byte[]> page = get(fixture, "/files/");
            assertEquals(200, page.statusCode());
            String html = text(page);
            assertTrue(html.contains("Index of /files/"), html);
            assertFalse(html.contains("<script>"), html);
            assertTrue(html.contains("&lt;script&gt;"), html);
            assertFalse(html.contains(".htpasswd"), html);
            assertTrue(html.indexOf("&lt;script") < html.indexOf("b.txt"), "sorted by name");
            assertEquals("docs", text(get(fixture, "/docs/")), "an index file still wins");
        }
    }

    @Test
    void multiViewsPicksTheLanguageTheClientPrefers() throws Exception {
        Path intl = Files.createDirectories(docroot.resolve("intl"));
        Files.writeString(intl.resolve("index.html.en"), "hello");
        Files.writeString(intl.resolve("index.html.fr"), "bonjour");
        Files.writeString(intl.resolve("page.html.de"), "hallo");
        try (ServerFixture off = ServerFixture.start("epoll", docroot, Map.of())) {
            assertEquals(403, get(off, "/intl/").statusCode(), "MultiViews is off by default");
        }
        try (ServerFixture fixture = ServerFixture.start("epoll", docroot, Map.of("options.multiviews", true))) {
            HttpResponse<byte[]> french = get(fixture, "/intl/", "Accept-Language", "fr-CH, fr;q=0.9, en;q=0.5");
            assertEquals("bonjour", text(french));
            assertEquals("fr", header(french, "content-language"));
            assertEquals("text/html", header(french, "content-type"));
            assertTrue(french.headers().allValues("vary").stream().anyMatch(v -> v.contains("accept-language")));
            assertEquals("hello", text(get(fixture, "/intl/index.html", "Accept-Language", "en-GB, en;q=0.9")));
            assertEquals("hello", text(get(fixture, "/intl/index.html")), "no preference: the first variant");
            assertEquals(406, get(fixture, "/intl/page.html", "Accept-Language", "fr").statusCode());
            assertEquals("hallo", text(get(fixture, "/intl/page.html")));
        }
        try (ServerFixture fixture = ServerFixture.start("epoll", docroot,
                Map.of("options.multiviews", true, "language-priority", List.of("fr", "en")))) {
            assertEquals("bonjour", text(get(fixture, "/intl/")));
        }
    }

    @Test
    void precompressedVariantsAreSentToClientsThatAcceptThem() throws Exception {
        byte[] original = css.getBytes(StandardCharsets.UTF_8);
        byte[] gz = gzip(original);
        byte[] br = "pretend brotli".getBytes(StandardCharsets.US_ASCII);
        Files.write(docroot.resolve("style.css.gz"), gz);
        Files.write(docroot.resolve("style.css.br"), br);
        Files.writeString(docroot.resolve("stale.css"), "body{}");
        Files.write(docroot.resolve("stale.css.gz"), gzip("old".getBytes(StandardCharsets.US_ASCII)));
        Files.setLastModifiedTime(docroot.resolve("stale.css.gz"), FileTime.fromMillis(1_000_000_000_000L));
        try (ServerFixture fixture = ServerFixture.start("epoll", docroot, Map.of())) {
            HttpResponse<byte[]> plain = get(fixture, "/style.css");
            assertArrayEquals(original, plain.body());
            assertEquals(null, header(plain, "content-encoding"));
            assertEquals("Accept-Encoding", header(plain, "vary"));
            HttpResponse<byte[]> gzipped = get(fixture, "/style.css", "Accept-Encoding", "gzip");
            assertArrayEquals(gz, gzipped.body());
            assertEquals("gzip", header(gzipped, "content-encoding"));
            assertEquals("text/css", header(gzipped, "content-type"));
            assertEquals("Accept-Encoding", header(gzipped, "vary"));
            assertNotEquals(header(plain, "etag"), header(gzipped, "etag"));
            HttpResponse<byte[]> brotli = get(fixture, "/style.css", "Accept-Encoding", "gzip, br");
            assertArrayEquals(br, brotli.body());
            assertEquals("br", header(brotli, "content-encoding"));
            assertArrayEquals(gz, get(fixture, "/style.css", "Accept-Encoding", "gzip, br;q=0").body());
            HttpResponse<byte[]> stale = get(fixture, "/stale.css", "Accept-Encoding", "gzip");
            assertEquals("body{}", text(stale), "a variant older than its original is not used");
        }
        try (ServerFixture off = ServerFixture.start("epoll", docroot, Map.of("precompressed", List.of()))) {
            assertArrayEquals(original, get(off, "/style.css", "Accept-Encoding", "gzip, br").body());
        }
    }

    @Test
    void compressionGzipsTextOnTheFly() throws Exception {
        Files.write(docroot.resolve("image.png"), css.getBytes(StandardCharsets.UTF_8));
        Map<String, Object> settings = Map.of("compression.enabled", true, "precompressed", List.of());
        try (ServerFixture fixture = ServerFixture.start("epoll", docroot, settings)) {
            HttpResponse<byte[]> compressed = get(fixture, "/style.css", "Accept-Encoding", "gzip");
            assertEquals("gzip", header(compressed, "content-encoding"));
            assertEquals(css, new String(gunzip(compressed.body()), StandardCharsets.UTF_8));
            assertTrue(compressed.body().length < css.length() / 3, compressed.body().length + " bytes");
            String etag = header(compressed, "etag");
            assertTrue(etag.endsWith("-gzip\""), etag);
            assertEquals(null, header(compressed, "accept-ranges"));
            HttpResponse<byte[]> notModified = get(fixture, "/style.css", "Accept-Encoding", "gzip", "If-None-Match",
                    etag);
            assertEquals(304, notModified.statusCode());
            assertEquals(etag, header(notModified, "etag"), "the 304 names the representation the client holds");
            assertEquals("Accept-Encoding", header(notModified, "vary"));
            HttpResponse<byte[]> identity = get(fixture, "/style.css");
            assertEquals(null, header(identity, "content-encoding"));
            assertEquals("Accept-Encoding", header(identity, "vary"));
            assertEquals(null, header(get(fixture, "/small.html", "Accept-Encoding", "gzip"), "content-encoding"),
                    "under min-length");
            assertEquals(null, header(get(fixture, "/image.png", "Accept-Encoding", "gzip"), "content-encoding"),
                    "not a listed type");
            HttpResponse<byte[]> head = send(fixture, "HEAD", "/style.css", "Accept-Encoding", "gzip");
            assertEquals(String.valueOf(compressed.body().length), header(head, "content-length"));
        }
    }

    @Test
    void optionsListsTheMethodsAndTraceFollowsTraceEnable() throws Exception {
        try (ServerFixture fixture = ServerFixture.start("epoll", docroot, Map.of())) {
            HttpResponse<byte[]> options = send(fixture, "OPTIONS", "/index.html");
            assertEquals(200, options.statusCode());
            assertEquals("GET, HEAD, OPTIONS", header(options, "allow"));
            assertEquals(405, send(fixture, "TRACE", "/index.html").statusCode());
        }
        try (ServerFixture fixture = ServerFixture.start("epoll", docroot, Map.of("trace-enable", true))) {
            HttpResponse<byte[]> trace = send(fixture, "TRACE", "/index.html", "X-Probe", "echoed");
            assertEquals(200, trace.statusCode());
            assertTrue(header(trace, "content-type").startsWith("message/http"));
            assertTrue(text(trace).startsWith("TRACE /index.html HTTP/1.1\r\n"), text(trace));
            assertTrue(text(trace).contains("X-Probe: echoed") || text(trace).contains("x-probe: echoed"), text(trace));
        }
    }
}
