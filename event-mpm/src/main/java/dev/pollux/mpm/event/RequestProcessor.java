package dev.pollux.mpm.event;

import dev.pollux.core.Version;
import dev.pollux.core.config.CoreSettings;
import dev.pollux.core.files.FileSettings;
import dev.pollux.core.http.ErrorPages;
import dev.pollux.core.http.HttpDate;
import dev.pollux.core.http.Request;
import dev.pollux.core.http.Response;
import dev.pollux.core.scoreboard.RequestInfo;
import dev.pollux.core.scoreboard.Scoreboard;
import dev.pollux.core.scoreboard.WorkerSlot;
import dev.pollux.core.scoreboard.WorkerState;
import dev.pollux.core.site.Site;
import dev.pollux.core.site.VirtualHosts;
import io.netty.channel.DefaultFileRegion;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpChunkedInput;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.stream.ChunkedNioFile;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.util.ArrayList;
import java.util.List;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.nio.file.StandardOpenOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a worker does with a {@link Job}: runs the handler chain, turns the answer (or the error) into a
 * {@link PreparedResponse} with its final headers and keep-alive decision, and records it in the worker's
 * scoreboard slot. One per {@link Generation}, immutable and shared by all workers; each call runs on the calling
 * worker's thread and may block in the handler or when opening a file.
 */
final class RequestProcessor {

    private static final Logger log = LoggerFactory.getLogger(RequestProcessor.class);
    /** A chunk of a file read for the socket: one TLS record's worth. */
    private static final int CHUNK_SIZE = 16 * 1024;

    private final VirtualHosts hosts;
    private final FileSettings files;
    private final boolean extendedStatus;
    private final Scoreboard scoreboard;
    private final int generation;

    /** The processor of {@code generation}: the sites of {@code hosts} answer, under {@code core}'s settings. */
    RequestProcessor(VirtualHosts hosts, CoreSettings core, Scoreboard scoreboard, int generation) {
        this.hosts = hosts;
        this.files = core.files();
        this.extendedStatus = core.extendedStatus();
        this.scoreboard = scoreboard;
        this.generation = generation;
    }

    /**
     * Answers the job's requests in order and hands the responses to the connection's poller together; requests
     * behind one whose response closes the connection are dropped unanswered, as the connection ends. Worker
     * thread.
     */
    void process(Job job, WorkerSlot slot) {
        List<FullHttpRequest> requests = job.requests();
        List<PreparedResponse> responses = new ArrayList<>(requests.size());
        int taken = 0;
        try {
            while (taken < requests.size()) {
                FullHttpRequest request = requests.get(taken);
                Exchange exchange = new Exchange(request, hosts.select(request.headers().get(HttpHeaderNames.HOST)),
                        job.arrivalNanos(), job.arrivalMillis());
                PreparedResponse response = answer(exchange, job.origin(), job.firstServed() + taken++, slot);
                responses.add(response);
                if (response.after() != PreparedResponse.After.KEEP_ALIVE) {
                    break;
                }
            }
            job.origin().respond(responses);
        } catch (RuntimeException | Error e) {
            // A bug, not a request's fault: what was prepared is given back and the caller closes the connection.
            responses.forEach(PreparedResponse::discard);
            throw e;
        } finally {
            for (int i = taken; i < requests.size(); i++) {
                requests.get(i).release();
            }
        }
    }

    /** Has the request's site answer one request, which it releases, and records it in the worker's slot. */
    private PreparedResponse answer(Exchange exchange, Origin origin, int served, WorkerSlot slot) {
        FullHttpRequest message = (FullHttpRequest) exchange.request();
        Site site = exchange.site();
        slot.serving(origin);
        slot.begin(extendedStatus ? requestInfo(message, origin, site) : null, generation);
        slot.state(WorkerState.WRITING);
        Response response;
        try {
            response = site.handle(new Request(message, origin.remoteAddress(), origin.localAddress(),
                    origin.secure()));
        } finally {
            message.release();
        }
        PreparedResponse prepared = prepare(response, exchange, served, origin.zeroCopy());
        long micros = (System.nanoTime() - exchange.arrivalNanos()) / 1000;
        slot.finish(prepared.bodyBytes(), micros, System.currentTimeMillis());
        slot.state(prepared.after() == PreparedResponse.After.KEEP_ALIVE ? WorkerState.KEEPALIVE : WorkerState.CLOSING);
        return prepared;
    }

    private PreparedResponse prepare(Response response, Exchange exchange, int served, boolean zeroCopy) {
        HttpRequest request = exchange.request();
        int code = response.status().code();
        boolean bodyless = code < 200 || code == 204 || code == 304;
        long length = response.body().length();
        Object body;
        try {
            body = bodyless || request.method().equals(HttpMethod.HEAD) ? discard(response)
                    : open(response.body(), zeroCopy);
        } catch (IOException e) {
            HttpResponseStatus status = e instanceof NoSuchFileException ? HttpResponseStatus.NOT_FOUND
                    : e instanceof AccessDeniedException ? HttpResponseStatus.FORBIDDEN
                    : HttpResponseStatus.INTERNAL_SERVER_ERROR;
            log.warn("Cannot open {}: {}", response.body(), e.toString());
            response.discardBody();
            return prepare(ErrorPages.response(status), exchange, served, zeroCopy);
        }
        HttpHeaders headers = response.headers();
        finalHeaders(headers);
        if (!bodyless) {
            headers.set(HttpHeaderNames.CONTENT_LENGTH, length);
        }
        boolean open = exchange.site().keepAlive().apply(request, code, headers, served, scoreboard.stopping());
        long bytes = body == null ? 0 : length;
        return new PreparedResponse(response.status(), headers, body, bytes,
                open ? PreparedResponse.After.KEEP_ALIVE : PreparedResponse.After.CLOSE, exchange);
    }

    /**
     * An error the poller answers itself (400, 408, 413, 414, 417, 501, 503): short page with an optional
     * {@code detail}, none for HEAD (RFC 9110 §9.3.2), connection closed after a short linger.
     * {@code exchange.request()} may be {@code null}.
     */
    PreparedResponse error(HttpResponseStatus status, String detail, Exchange exchange) {
        Response response = ErrorPages.response(status, detail);
        HttpHeaders headers = response.headers();
        finalHeaders(headers);
        long length = response.body().length();
        headers.set(HttpHeaderNames.CONTENT_LENGTH, length);
        headers.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        HttpRequest request = exchange.request();
        Object body = request != null && request.method().equals(HttpMethod.HEAD) ? discard(response)
                : ((Response.Bytes) response.body()).buffer();
        return new PreparedResponse(status, headers, body, body == null ? 0 : length,
                PreparedResponse.After.CLOSE_SHORT, exchange);
    }

    private static void finalHeaders(HttpHeaders headers) {
        headers.set(HttpHeaderNames.SERVER, Version.SERVER_TOKEN);
        headers.set(HttpHeaderNames.DATE, HttpDate.now());
    }

    private static Object discard(Response response) {
        response.discardBody();
        return null;
    }

    /**
     * The body in the form the poller sends: zero-copy region, mapped buffer, or chunked reads, the only form
     * when {@code zeroCopy} is off (TLS and HTTP/2), which keeps the memory a large file needs at a few chunks.
     */
    private Object open(Response.Body body, boolean zeroCopy) throws IOException {
        if (body instanceof Response.Bytes bytes) {
            return bytes.buffer();
        }
        if (body instanceof Response.Parts parts) {
            // Where files go zero-copy (or mapped, a multipart's parts then by sendfile too) no chunked writer is in
            // the pipeline: the pieces go as messages of their own.
            return zeroCopy && (files.enableSendfile() || files.enableMmap()) ? pieces(parts)
                    : new HttpChunkedInput(new PartsInput(parts, CHUNK_SIZE));
        }
        if (!(body instanceof Response.FileBody file) || file.length() == 0) {
            return null;
        }
        FileChannel channel = FileChannel.open(file.path(), StandardOpenOption.READ);
        if (zeroCopy && files.enableSendfile()) {
            return new DefaultFileRegion(channel, file.offset(), file.length());
        }
        if (zeroCopy && files.enableMmap()) {
            try (channel) {
                // Fault the pages in here, on the worker, rather than during the poller's write.
                return channel.map(FileChannel.MapMode.READ_ONLY, file.offset(), file.length()).load();
            }
        }
        return new HttpChunkedInput(new ChunkedNioFile(channel, file.offset(), file.length(), CHUNK_SIZE));
    }

    /**
     * A multipart body as the pieces the poller writes one after another on a cleartext connection: buffers, and
     * zero-copy regions that open the file when their turn comes.
     */
    private static List<Object> pieces(Response.Parts parts) {
        List<Object> pieces = new ArrayList<>(parts.pieces().size());
        for (Response.Body piece : parts.pieces()) {
            pieces.add(piece instanceof Response.Bytes bytes ? bytes.buffer()
                    : new DefaultFileRegion(((Response.FileBody) piece).path().toFile(),
                    ((Response.FileBody) piece).offset(), piece.length()));
        }
        return pieces;
    }

    /** What the status page shows: httpd's VHost column is the answering site's name and the local port. */
    private static RequestInfo requestInfo(FullHttpRequest message, Origin origin, Site site) {
        return RequestInfo.of(origin.remoteHost(), site.name() + ':' + origin.localAddress().getPort(),
                origin.protocol(),
                message.method().name() + ' ' + message.uri() + ' ' + message.protocolVersion().text());
    }
}
