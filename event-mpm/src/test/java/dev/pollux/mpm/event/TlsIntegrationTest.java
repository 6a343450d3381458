package dev.pollux.mpm.event;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigException;
import dev.pollux.core.config.PolluxConfig;
import io.netty.handler.ssl.OpenSsl;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * TLS on {@code ssl.listen} with {@code java.net.http.HttpClient} as the client: ALPN choosing HTTP/2 or HTTP/1.1
 * on both engines, large files whole, a connection's streams in workers side by side, certificates read again by a
 * graceful restart, and certificate errors caught by {@code pollux -t}'s check.
 */
class TlsIntegrationTest {

    @TempDir
    Path docroot;
    @TempDir
    Path keys;
    private TestCertificates certificates;

    @BeforeEach
    void makeCertificate() throws Exception {
        ServerFixture.site(docroot);
        certificates = TestCertificates.generate(keys, "first");
    }

    /** The JDK's engine everywhere; BoringSSL where netty-tcnative loads, which includes Linux x86_64 CI. */
    static List<String> engines() {
        return OpenSsl.isAvailable() ? List.of("jdk", "openssl") : List.of("jdk");
    }

    private ServerFixture start(Map<String, Object> extra, BlockingHandler... handlers) {
        Map<String, Object> settings = new HashMap<>(certificates.settings());
        settings.putAll(extra);
        return ServerFixture.start("auto", docroot, settings, handlers);
    }

    private HttpClient client(HttpClient.Version version) throws Exception {
        return HttpClient.newBuilder().sslContext(certificates.clientContext()).version(version).build();
    }

    private static URI https(ServerFixture fixture, String path) {
        return URI.create("https://127.0.0.1:" + fixture.server.tlsAddresses().get(0).getPort() + path);
    }

    @ParameterizedTest
    @MethodSource("engines")
    void alpnPicksHttp2OrHttp11(String engine) throws Exception {
        try (ServerFixture fixture = start(Map.of("ssl.engine", engine))) {
            HttpResponse<String> h2 = client(HttpClient.Version.HTTP_2).send(
                    HttpRequest.newBuilder(https(fixture, "/small.html")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(HttpClient.Version.HTTP_2, h2.version());
            assertEquals(200, h2.statusCode());
            assertEquals(612, h2.body().length());
            HttpResponse<String> h1 = client(HttpClient.Version.HTTP_1_1).send(
                    HttpRequest.newBuilder(https(fixture, "/small.html")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(HttpClient.Version.HTTP_1_1, h1.version());
            assertEquals(612, h1.body().length());
            assertEquals(2, fixture.server.scoreboard().poller(0).handshakes());
            // The cleartext listener is untouched by TLS.
            assertEquals(200, fixture.connect().get("/small.html").read().status());
        }
    }

    @ParameterizedTest
    @MethodSource("engines")
    void aLargeFileArrivesWholeOverBothProtocols(String engine) throws Exception {
        byte[] content = new byte[24 << 20];
        new Random(13).nextBytes(content);
        Files.write(docroot.resolve("large.bin"), content);
        byte[] expected = MessageDigest.getInstance("SHA-256").digest(content);
        try (ServerFixture fixture = start(Map.of("ssl.engine", engine))) {
            for (HttpClient.Version version : HttpClient.Version.values()) {
                HttpResponse<InputStream> response = client(version).send(
                        HttpRequest.newBuilder(https(fixture, "/large.bin")).build(),
                        HttpResponse.BodyHandlers.ofInputStream());
                assertEquals(version, response.version());
                MessageDigest digest = MessageDigest.getInstance("SHA-256");
                long length = 0;
                try (InputStream body = response.body()) {
                    byte[] buffer = new byte[65536];
                    for (int n; (n = body.read(buffer)) > 0; length += n) {
                        digest.update(buffer, 0, n);
                    }
                }
                assertEquals(content.length, length, version.toString());
                assertArrayEquals(expected, digest.digest(), version + ": byte for byte");
            }
        }
    }

    @Test
    void streamsOfOneConnectionRunInWorkersSideBySide() throws Exception {
        BlockingHandler handler = new BlockingHandler();
        try (ServerFixture fixture = start(Map.of(), handler)) {
            HttpClient h2 = client(HttpClient.Version.HTTP_2);
            // One request first: HttpClient opens a connection per request until its first HTTP/2 one is up.
            assertEquals(HttpClient.Version.HTTP_2, h2.send(HttpRequest.newBuilder(https(fixture, "/small.html"))
                    .build(), HttpResponse.BodyHandlers.discarding()).version());
            List<CompletableFuture<HttpResponse<String>>> responses = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                responses.add(h2.sendAsync(HttpRequest.newBuilder(https(fixture, "/block")).build(),
                        HttpResponse.BodyHandlers.ofString()));
            }
            handler.awaitEntered(4);
            String page = fixture.connect().get("/server-status").read().text();
            assertTrue(page.contains("<td>h2</td>"), "the status page names each worker's protocol");
            handler.release();
            for (CompletableFuture<HttpResponse<String>> response : responses) {
                assertEquals("released", response.get().body());
                assertEquals(HttpClient.Version.HTTP_2, response.get().version());
            }
            assertEquals(1, fixture.server.scoreboard().poller(0).handshakes(), "four streams, one connection");
        }
    }

    @Test
    void aGracefulRestartServesTheNewCertificate() throws Exception {
        TestCertificates second = TestCertificates.generate(keys, "second");
        try (ServerFixture fixture = start(Map.of())) {
            int port = fixture.server.tlsAddresses().get(0).getPort();
            assertEquals(certificates.x509(), peerCertificate(certificates, port));
            // The same ssl.listen (port 0): the listener is kept, and its new connections get the new certificate.
            fixture.reload(second.settings());
            assertEquals(second.x509(), peerCertificate(second, port));
            assertThrows(SSLHandshakeException.class, () -> peerCertificate(certificates, port),
                    "the first certificate is gone");
        }
    }

    private static Object peerCertificate(TestCertificates trusted, int port) throws Exception {
        try (SSLSocket socket = (SSLSocket) trusted.clientContext().getSocketFactory()
                .createSocket("127.0.0.1", port)) {
            socket.startHandshake();
            return socket.getSession().getPeerCertificates()[0];
        }
    }

    @Test
    void plaintextOnATlsListenerIsAFailedHandshake() throws Exception {
        try (ServerFixture fixture = start(Map.of());
             RawClient client = new RawClient(fixture.server.tlsAddresses().get(0))) {
            client.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n");
            assertTrue(client.closedByServer(), "closed");
            Eventually.holds(() -> fixture.server.scoreboard().poller(0).handshakeFailures() == 1,
                    "the failure is counted");
            String metrics = fixture.connect().get("/server-status?metrics").read().text();
            assertTrue(metrics.contains("pollux_tls_handshake_failures_total{poller=\"0\"} 1"), metrics);
            String json = fixture.connect().get("/server-status?json").read().text();
            assertTrue(json.contains("\"tls_handshakes_total\":0,\"tls_handshake_failures_total\":1"), json);
        }
    }

    @Test
    void pollux_tRejectsAKeyOfAnotherCertificate() throws Exception {
        TestCertificates other = TestCertificates.generate(keys, "other");
        ConfigException mismatch = assertThrows(ConfigException.class, () -> PolluxServer.check(load(
                "ssl.certificate-file = \"" + certificates.certificate() + "\"\n"
                        + "ssl.certificate-key-file = \"" + other.key() + "\"\n")));
        assertContains(mismatch.getMessage(), "pollux.conf: 4", "ssl.certificate-key-file", "handshake");
        ConfigException missing = assertThrows(ConfigException.class, () -> PolluxServer.check(load(
                "ssl.certificate-file = \"" + keys.resolve("absent.crt") + "\"\n"
                        + "ssl.certificate-key-file = \"" + other.key() + "\"\n")));
        assertContains(missing.getMessage(), "pollux.conf: 3", "ssl.certificate-file", "cannot read");
        ConfigException garbage = assertThrows(ConfigException.class, () -> PolluxServer.check(load(
                "ssl.certificate-file = \"" + certificates.certificate() + "\"\n"
                        + "ssl.certificate-key-file = \"" + certificates.certificate() + "\"\n")));
        assertContains(garbage.getMessage(), "pollux.conf: 4", "ssl.certificate-key-file");
    }

    /** A configuration file with a TLS listener and {@code tls} (two lines, the third and fourth). */
    private com.typesafe.config.Config load(String tls) throws IOException {
        Path file = keys.resolve("pollux.conf");
        Files.writeString(file, "pollux {\n  ssl.listen = [\"127.0.0.1:0\"]\n" + tls.indent(2)
                + "  document-root = \"" + docroot + "\"\n  types-config = \"" + ServerFixture.MIME_TYPES + "\"\n}\n");
        return PolluxConfig.load(file, Map.of());
    }

    private static void assertContains(String text, String... parts) {
        for (String part : parts) {
            assertTrue(text.contains(part), "'" + part + "' in: " + text);
        }
    }
}
