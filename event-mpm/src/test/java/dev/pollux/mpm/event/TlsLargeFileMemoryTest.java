package dev.pollux.mpm.event;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.InputStream;
import java.io.RandomAccessFile;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A file far larger than the server's memory goes out over TLS, by HTTP/2 and HTTP/1.1: read in pieces as the
 * client takes them, never whole. The server runs in a JVM of its own with 48 MiB of heap and 32 MiB of direct
 * memory; the file is 512 MiB.
 */
class TlsLargeFileMemoryTest {

    private static final long SIZE = 512L << 20;

    @TempDir
    Path directory;
    @TempDir
    Path keys;

    @Test
    void aFileLargerThanTheHeapArrivesWholeOverBothProtocols() throws Exception {
        TestCertificates certificates = TestCertificates.generate(keys, "large");
        int tlsPort = ServerFixture.freePort();
        Map<String, String> settings = Map.of(
                "ssl.listen", "[\"127.0.0.1:" + tlsPort + "\"]",
                "ssl.certificate-file", "\"" + certificates.certificate() + "\"",
                "ssl.certificate-key-file", "\"" + certificates.key() + "\"");
        try (ChildServer server = ChildServer.start(directory, "auto", settings, 0,
                List.of("-Xmx48m", "-XX:MaxDirectMemorySize=32m"))) {
            try (RandomAccessFile sparse = new RandomAccessFile(
                    directory.resolve("htdocs/large.bin").toFile(), "rw")) {
                sparse.setLength(SIZE);
            }
            for (HttpClient.Version version : HttpClient.Version.values()) {
                HttpClient client = HttpClient.newBuilder().sslContext(certificates.clientContext())
                        .version(version).build();
                HttpResponse<InputStream> response = client.send(HttpRequest.newBuilder(
                        URI.create("https://127.0.0.1:" + tlsPort + "/large.bin")).build(),
                        HttpResponse.BodyHandlers.ofInputStream());
                assertEquals(version, response.version());
                long length = 0;
                try (InputStream body = response.body()) {
                    byte[] buffer = new byte[1 << 16];
                    for (int n; (n = body.read(buffer)) > 0; length += n) {
                        // Only counted: the bytes are the file's zeros.
                    }
                }
                assertEquals(SIZE, length, version + ": the whole file");
            }
        }
    }

}
