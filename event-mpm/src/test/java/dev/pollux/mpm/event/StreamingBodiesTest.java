package dev.pollux.mpm.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pollux.core.http.Handler;
import dev.pollux.core.http.Response;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Request bodies streamed to handlers and responses streamed from them, on real sockets: digests of large
 * uploads, chunked bodies both ways, {@code 100 Continue} sent only when the handler reads, the body limit and
 * timeout, a response cut off when its writer fails, a client that stops reading, pipelining behind a stream, and
 * HTTP/2.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class StreamingBodiesTest {

    @TempDir
    Path docroot;

    /** What the handlers saw go wrong, for the tests to wait on. */
    private final BlockingQueue<Throwable> failures = new LinkedBlockingQueue<>();
    /** The methods of the requests whose {@code /source} stream was closed. */
    private final BlockingQueue<String> closedSources = new LinkedBlockingQueue<>();

    @BeforeEach
    void site() throws IOException {
        ServerFixture.site(docroot);
    }

    /**
     * {@code /sha256}: the body's SHA-256 and length; {@code /stream?N}: N bytes of a counting pattern, chunked;
     * {@code /sized?N}: the same with a {@code Content-Length}; {@code /broken}: 64 KiB, then a failure.
     */
    private final Handler handlers = request -> switch (request.rawPath()) {
        case "/sha256" -> {
            try {
                yield Response.text(HttpResponseStatus.OK, "text/plain", digest(request.body()),
                        StandardCharsets.US_ASCII);
            } catch (IOException e) {
                failures.add(e);
                throw e;
            }
        }
        case "/stream" -> Response.stream(HttpResponseStatus.OK, "application/octet-stream",
                out -> pattern(out, Long.parseLong(request.rawQuery())));
        case "/sized" -> Response.stream(HttpResponseStatus.OK, "application/octet-stream",
                Long.parseLong(request.rawQuery()), out -> pattern(out, Long.parseLong(request.rawQuery())));
        case "/broken" -> Response.stream(HttpResponseStatus.OK, "application/octet-stream", out -> {
            pattern(out, 64 * 1024);
            out.flush();
            throw new IllegalStateException("the report generator broke");
        });
        case "/short" -> Response.stream(HttpResponseStatus.OK, "application/octet-stream", 1000,
                out -> out.write(new byte[10]));
        case "/echo" -> Response.stream(HttpResponseStatus.OK, "application/octet-stream",
                out -> request.body().transferTo(out));
        case "/source" -> Response.stream(HttpResponseStatus.OK, "text/plain", new java.io.ByteArrayInputStream(
                new byte[100]) {
            @Override
            public void close() {
                closedSources.add(request.method().name());
            }
        });
        case "/endless" -> Response.stream(HttpResponseStatus.OK, "application/octet-stream", out -> {
            try {
                pattern(out, Long.MAX_VALUE);
            } catch (IOException e) {
                failures.add(e);
                throw e;
            }
        });
        default -> null;
    };

    private static String digest(InputStream body) throws IOException {
        MessageDigest sha = sha256();
        byte[] buffer = new byte[8192];
        long length = 0;
        for (int n; (n = body.read(buffer)) > 0; ) {
            sha.update(buffer, 0, n);
            length += n;
        }
        return HexFormat.of().formatHex(sha.digest()) + " " + length;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    private static void pattern(OutputStream out, long length) throws IOException {
        byte[] block = new byte[8192];
        for (int i = 0; i < block.length; i++) {
            block[i] = (byte) i;
        }
        for (long left = length; left > 0; left -= block.length) {
            out.write(block, 0, (int) Math.min(block.length, left));
        }
    }

    private ServerFixture start(String transport, Map<String, Object> settings) {
        return ServerFixture.start(transport, docroot, settings, handlers);
    }

    @ParameterizedTest
    @MethodSource("dev.pollux.mpm.event.Transports#available")
    void aLargeUploadReachesTheHandlerWhole(String transport) throws Exception {
        byte[] body = new byte[24 << 20];
        new Random(7).nextBytes(body);
        try (ServerFixture fixture = start(transport, Map.of())) {
            HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + fixture.port() + "/sha256"))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, response.statusCode());
            assertEquals(HexFormat.of().formatHex(sha256().digest(body)) + " " + body.length, response.body());
        }
    }

    @Test
    void aChunkedUploadIsReadAsItsDecodedBytesAndTheConnectionStaysOpen() throws Exception {
        try (ServerFixture fixture = start("auto", Map.of()); RawClient client = fixture.connect()) {
            client.send("POST /sha256 HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + "5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n");
            RawClient.Reply reply = client.read();
            assertEquals(200, reply.status());
            String hello = HexFormat.of().formatHex(sha256().digest("hello world".getBytes(StandardCharsets.US_ASCII)));
            assertEquals(hello + " 11", new String(reply.body(), StandardCharsets.US_ASCII));
            assertNull(reply.headers().get("connection"), "the whole body was read: keep-alive");
            assertEquals(200, client.get("/small.html").read().status());
        }
    }

    @Test
    void continueIsSentWhenTheHandlerReadsAndNeverForAHandlerThatDoesNot() throws Exception {
        try (ServerFixture fixture = start("auto", Map.of()); RawClient client = fixture.connect()) {
            client.send("POST /sha256 HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\n");
            assertEquals(100, client.read().status(), "the handler started reading");
            client.send("hello");
            RawClient.Reply reply = client.read();
            assertEquals(200, reply.status());
            assertTrue(new String(reply.body(), StandardCharsets.US_ASCII).endsWith(" 5"));

            client.send("POST /small.html HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\n");
            RawClient.Reply file = client.read();
            assertEquals(405, file.status(), "static files read no body: answered without a 100");
            assertEquals("close", file.headers().get("connection"), "its body never came: the connection closes");
            assertTrue(client.closedByServer());
        }
    }

    @Test
    void aChunkedBodyPastTheLimitIsAnswered413() throws Exception {
        try (ServerFixture fixture = start("auto", Map.of("limit-request-body", "10 B"));
             RawClient client = fixture.connect()) {
            client.send("POST /sha256 HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + "8\r\n12345678\r\n8\r\n12345678\r\n0\r\n\r\n");
            RawClient.Reply reply = client.read();
            assertEquals(413, reply.status());
            assertEquals("close", reply.headers().get("connection"));
            assertInstanceOf(dev.pollux.core.http.RequestBodyException.class, failures.poll(5, TimeUnit.SECONDS));
        }
    }

    @Test
    void aClientThatStopsSendingItsBodyIsAnswered408() throws Exception {
        try (ServerFixture fixture = start("auto", Map.of("request-read-timeout.body", "1 s",
                "request-read-timeout.body-min-rate", 0));
             RawClient client = fixture.connect()) {
            client.send("POST /sha256 HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\nonly part of it");
            RawClient.Reply reply = client.read();
            assertEquals(408, reply.status());
            assertEquals("close", reply.headers().get("connection"));
        }
    }

    @ParameterizedTest
    @MethodSource("dev.pollux.mpm.event.Transports#available")
    void aStreamedResponseGoesChunkedAndEndsWithTheLastChunk(String transport) throws Exception {
        try (ServerFixture fixture = start(transport, Map.of()); RawClient client = fixture.connect()) {
            client.send("GET /stream?100000 HTTP/1.1\r\nHost: x\r\n\r\nGET /small.html HTTP/1.1\r\nHost: x\r\n\r\n");
            RawClient.Reply head = client.read(true);
            assertEquals(200, head.status());
            assertEquals("chunked", head.headers().get("transfer-encoding"));
            assertNull(head.headers().get("content-length"));
            assertEquals(100_000, client.readChunked().length);
            RawClient.Reply pipelined = client.read();
            assertEquals(200, pipelined.status(), "the request pipelined behind the stream is answered after it");
            assertEquals(612, pipelined.body().length);
        }
    }

    @Test
    void aStreamedResponseOfKnownLengthCarriesItAndHeadGetsNoBody() throws Exception {
        try (ServerFixture fixture = start("auto", Map.of()); RawClient client = fixture.connect()) {
            RawClient.Reply sized = client.get("/sized?70000").read();
            assertEquals("70000", sized.headers().get("content-length"));
            assertEquals(70_000, sized.body().length);
            client.send("HEAD /stream?5000 HTTP/1.1\r\nHost: x\r\n\r\n");
            RawClient.Reply head = client.read(true);
            assertEquals(200, head.status());
            assertNull(head.headers().get("transfer-encoding"), "HEAD: no body, so no framing");
            assertEquals(612, client.get("/small.html").read().body().length, "and nothing followed the head");
        }
    }

    @Test
    void anHttp10ClientGetsTheStreamEndedByTheClose() throws Exception {
        try (ServerFixture fixture = start("auto", Map.of()); RawClient client = fixture.connect()) {
            client.send("GET /stream?20000 HTTP/1.0\r\n\r\n");
            RawClient.Reply head = client.read(true);
            assertEquals("close", head.headers().get("connection"));
            assertNull(head.headers().get("transfer-encoding"));
            assertEquals(20_000, client.readToEnd().length);
        }
    }

    @Test
    void aWriterThatFailsCutsTheResponseOffWithoutItsLastChunk() throws Exception {
        try (ServerFixture fixture = start("auto", Map.of()); RawClient client = fixture.connect()) {
            client.send("GET /broken HTTP/1.1\r\nHost: x\r\n\r\n");
            assertEquals("chunked", client.read(true).headers().get("transfer-encoding"));
            byte[] rest = client.readToEnd();
            String tail = new String(rest, Math.max(0, rest.length - 7), Math.min(7, rest.length),
                    StandardCharsets.US_ASCII);
            assertFalse(tail.endsWith("\r\n0\r\n\r\n"), "no last chunk: the client can tell it is cut off");
            assertTrue(rest.length >= 64 * 1024, "what was written before the failure arrived: " + rest.length);
        }
    }

    @Test
    void aWriterThatWritesLessThanItsLengthIsCutOffNotKeptAlive() throws Exception {
        try (ServerFixture fixture = start("auto", Map.of()); RawClient client = fixture.connect()) {
            client.send("GET /short HTTP/1.1\r\nHost: x\r\n\r\n");
            assertEquals("1000", client.read(true).headers().get("content-length"));
            assertEquals(10, client.readToEnd().length, "the ten bytes, then the close: the client sees it short");
        }
    }

    @Test
    void aStreamedResponseThatReadsTheBodyAsksForItBeforeItsHead() throws Exception {
        try (ServerFixture fixture = start("auto", Map.of()); RawClient client = fixture.connect()) {
            client.send("PUT /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\n");
            assertEquals(100, client.read().status(), "ahead of the head, or it would wait behind it for the body");
            client.send("hello");
            RawClient.Reply head = client.read(true);
            assertEquals(200, head.status());
            assertEquals("hello", new String(client.readChunked(), StandardCharsets.US_ASCII));
        }
    }

    @Test
    void aCopiedStreamIsClosedWhenHeadSendsNoBody() throws Exception {
        try (ServerFixture fixture = start("auto", Map.of()); RawClient client = fixture.connect()) {
            client.send("HEAD /source HTTP/1.1\r\nHost: x\r\n\r\n");
            assertEquals(200, client.read(true).status());
            assertEquals("HEAD", closedSources.poll(5, TimeUnit.SECONDS));
            client.get("/source");
            assertEquals(200, client.read(true).status());
            assertEquals(100, client.readChunked().length);
            assertEquals("GET", closedSources.poll(5, TimeUnit.SECONDS), "and after it was copied");
        }
    }

    @Test
    void aClientThatStopsReadingIsClosedAfterTheTimeoutAndTheWriterLearnsIt() throws Exception {
        try (ServerFixture fixture = start("auto", Map.of("timeout", "1 s", "send-buffer-size", "64 KiB"));
             Socket socket = new Socket("127.0.0.1", fixture.port())) {
            socket.setReceiveBufferSize(64 * 1024);
            socket.getOutputStream().write("GET /endless HTTP/1.1\r\nHost: x\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            // Nothing is read: the socket buffers fill, and the writer blocks until the timeout.
            Throwable failure = failures.poll(20, TimeUnit.SECONDS);
            assertInstanceOf(ResponseBodyStream.ClientGone.class, failure, String.valueOf(failure));
            Eventually.holds(() -> fixture.server.scoreboard().poller(0).open() == 0, "the connection is closed");
        }
    }

    @Test
    void http2StreamsBothWays() throws Exception {
        byte[] body = new byte[3 << 20];
        new Random(11).nextBytes(body);
        try (ServerFixture fixture = start("auto", Map.of("protocols", List.of("h2c", "http/1.1")))) {
            HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).build();
            String base = "http://127.0.0.1:" + fixture.port();
            HttpResponse<byte[]> upgraded = client.send(HttpRequest.newBuilder(URI.create(base + "/stream?300000"))
                    .build(), HttpResponse.BodyHandlers.ofByteArray());
            assertEquals(HttpClient.Version.HTTP_2, upgraded.version());
            assertEquals(300_000, upgraded.body().length);
            HttpResponse<String> upload = client.send(HttpRequest.newBuilder(URI.create(base + "/sha256"))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(HttpClient.Version.HTTP_2, upload.version());
            assertEquals(HexFormat.of().formatHex(sha256().digest(body)) + " " + body.length, upload.body());
        }
    }
}
