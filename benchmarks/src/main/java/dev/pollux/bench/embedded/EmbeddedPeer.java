package dev.pollux.bench.embedded;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.pollux.core.config.PolluxConfig;
import dev.pollux.core.http.Handler;
import dev.pollux.core.http.Response;
import dev.pollux.mpm.event.PolluxServer;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.undertow.Undertow;
import io.undertow.UndertowOptions;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.handlers.BlockingHandler;
import io.undertow.server.handlers.HttpContinueReadHandler;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import io.undertow.util.Methods;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.xnio.XnioWorker;
import org.xnio.management.XnioWorkerMXBean;

/**
 * One embedded server of {@code benchmarks/embedded/run} on 127.0.0.1: {@code EmbeddedPeer pollux|undertow PORT}.
 * Both serve the same two endpoints with the same code ({@link Bodies}):
 *
 * <ul>
 *   <li>{@code PUT} or {@code POST /upload}: reads the request body to its end in 64 KiB reads and answers
 *       {@code "<sha-256 hex> <bytes>\n"} as text/plain;</li>
 *   <li>{@code GET /download?bytes=N}: N bytes of a repeated 64 KiB pattern with a {@code Content-Length},
 *       written in 64 KiB writes.</li>
 * </ul>
 *
 * <p>Pollux runs with its reference settings (access log off), the handler in its chain before the static files
 * of an empty document root; the body is {@code Request.body()}, the download a streamed body of known length.
 * Undertow runs with one IO thread, the builder's default worker pool and Pollux's 1 GiB limit on request bodies
 * (Undertow's own is 2 MiB), the handler behind a
 * {@link BlockingHandler} (dispatched to the worker pool, {@code startBlocking()}, the exchange's streams) and an
 * {@link HttpContinueReadHandler}, which sends {@code 100 Continue} on the first read of the body, as Pollux does.
 * The first line on standard output names the settings each serves with. SIGTERM stops it (a shutdown hook).
 */
public final class EmbeddedPeer {

    private static final String TEXT = "text/plain";

    /** Pollux's default limit-request-body, given to Undertow too. */
    private static final long LIMIT_REQUEST_BODY = 1L << 30;

    private EmbeddedPeer() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 2 || !args[1].matches("[0-9]{1,5}") || Integer.parseInt(args[1]) > 65535
                || !List.of("pollux", "undertow").contains(args[0])) {
            System.err.println("usage: EmbeddedPeer pollux|undertow PORT");
            System.exit(2);
        }
        int port = Integer.parseInt(args[1]);
        Runnable stop = args[0].equals("pollux") ? startPollux(port) : startUndertow(port);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stop.run();
            stopped.countDown();
        }, "embedded-peer-stop"));
        stopped.await();
    }

    // ---- Pollux

    private static Runnable startPollux(int port) throws IOException {
        Path dir = Files.createTempDirectory("pollux-embedded-");
        Path docroot = Files.createDirectory(dir.resolve("docroot"));
        Path types = Files.writeString(dir.resolve("mime.types"), "application/octet-stream bin\ntext/plain txt\n");
        // -Dpollux.… in JAVA_OPTS (e.g. -Dpollux.mpm.pollers=2) goes over these.
        Config defaults = ConfigFactory.parseMap(Map.of(
                "pollux.listen", List.of("127.0.0.1:" + port),
                "pollux.document-root", docroot.toString(),
                "pollux.types-config", types.toString(),
                "pollux.access-log.enabled", false), "EmbeddedPeer");
        Config config = PolluxConfig.validate(ConfigFactory.systemProperties().withFallback(defaults));
        PolluxServer server = PolluxServer.start(config, List.of(polluxHandler()));
        Config mpm = config.getConfig("pollux.mpm");
        int started = mpm.getInt("start-servers") * mpm.getInt("threads-per-child");
        System.out.printf("pollux on 127.0.0.1:%d: transport %s, %d poller(s), workers %d started, at most %d;"
                        + " request-body-buffer %s, response-body-buffer %s, limit-request-body %d%n", server.port(),
                server.transport(), mpm.getInt("pollers"), started, mpm.getInt("max-request-workers"),
                config.getString("pollux.request-body-buffer"), config.getString("pollux.response-body-buffer"),
                config.getBytes("pollux.limit-request-body"));
        System.out.flush();
        return () -> {
            server.stop();
            try {
                Files.delete(types);
                Files.delete(docroot);
                Files.delete(dir);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        };
    }

    static Handler polluxHandler() {
        return request -> {
            String path = request.rawPath();
            HttpMethod method = request.method();
            if (path.equals("/upload")) {
                if (!method.equals(HttpMethod.PUT) && !method.equals(HttpMethod.POST)) {
                    return polluxNotAllowed("PUT, POST");
                }
                return Response.text(HttpResponseStatus.OK, TEXT, Bodies.digest(request.body()),
                        StandardCharsets.US_ASCII);
            }
            if (path.equals("/download")) {
                if (!method.equals(HttpMethod.GET)) {
                    return polluxNotAllowed("GET");
                }
                long length = Bodies.requestedLength(request.rawQuery());
                if (length < 0) {
                    return Response.text(HttpResponseStatus.BAD_REQUEST, TEXT, badLength(),
                            StandardCharsets.US_ASCII);
                }
                return Response.stream(HttpResponseStatus.OK, "application/octet-stream", length,
                        out -> Bodies.write(out, length));
            }
            return null;
        };
    }

    private static Response polluxNotAllowed(String allow) {
        Response response = Response.text(HttpResponseStatus.METHOD_NOT_ALLOWED, TEXT, "method not allowed\n",
                StandardCharsets.US_ASCII);
        response.headers().set(HttpHeaderNames.ALLOW, allow);
        return response;
    }

    // ---- Undertow

    private static Runnable startUndertow(int port) {
        Undertow server = Undertow.builder()
                .setIoThreads(1)
                // Pollux's limit-request-body (httpd's 1 GiB) rather than Undertow's 2 MiB, which refuses larger
                // bodies (a Content-Length above it that expects 100-continue is answered 417).
                .setServerOption(UndertowOptions.MAX_ENTITY_SIZE, LIMIT_REQUEST_BODY)
                .addHttpListener(port, "127.0.0.1")
                .setHandler(new HttpContinueReadHandler(new BlockingHandler(EmbeddedPeer::undertowHandle)))
                .build();
        server.start();
        XnioWorker worker = server.getWorker();
        XnioWorkerMXBean pool = worker.getMXBean();
        System.out.printf("undertow %s on 127.0.0.1:%d: %d IO thread(s), worker pool %d core, %d max;"
                        + " max-entity-size %d%n", io.undertow.Version.getVersionString(), port,
                worker.getIoThreadCount(), pool.getCoreWorkerPoolSize(), pool.getMaxWorkerPoolSize(),
                LIMIT_REQUEST_BODY);
        System.out.flush();
        return server::stop;
    }

    /** The endpoints on a worker thread, the exchange in blocking mode (BlockingHandler's work). */
    private static void undertowHandle(HttpServerExchange exchange) throws IOException {
        String path = exchange.getRequestPath();
        HttpString method = exchange.getRequestMethod();
        if (path.equals("/upload")) {
            if (!method.equals(Methods.PUT) && !method.equals(Methods.POST)) {
                undertowNotAllowed(exchange, "PUT, POST");
                return;
            }
            undertowText(exchange, 200, Bodies.digest(exchange.getInputStream()));
        } else if (path.equals("/download")) {
            if (!method.equals(Methods.GET)) {
                undertowNotAllowed(exchange, "GET");
                return;
            }
            long length = Bodies.requestedLength(exchange.getQueryString());
            if (length < 0) {
                undertowText(exchange, 400, badLength());
                return;
            }
            exchange.setResponseContentLength(length);
            exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/octet-stream");
            try (OutputStream out = exchange.getOutputStream()) {
                Bodies.write(out, length);
            }
        } else {
            undertowText(exchange, 404, "not found\n");
        }
    }

    private static void undertowNotAllowed(HttpServerExchange exchange, String allow) throws IOException {
        exchange.getResponseHeaders().put(Headers.ALLOW, allow);
        undertowText(exchange, 405, "method not allowed\n");
    }

    private static void undertowText(HttpServerExchange exchange, int status, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
        exchange.setStatusCode(status);
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, TEXT + "; charset=US-ASCII");
        exchange.setResponseContentLength(bytes.length);
        try (OutputStream out = exchange.getOutputStream()) {
            out.write(bytes);
        }
    }

    private static String badLength() {
        return "want /download?bytes=N, N from 0 to " + Bodies.MAX_DOWNLOAD + "\n";
    }
}
