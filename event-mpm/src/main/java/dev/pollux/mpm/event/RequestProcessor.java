package dev.pollux.mpm.event;

import dev.pollux.core.Version;
import dev.pollux.core.config.CoreSettings;
import dev.pollux.core.files.FileSettings;
import dev.pollux.core.http.ErrorPages;
import dev.pollux.core.http.HttpDate;
import dev.pollux.core.http.HttpSettings;
import dev.pollux.core.http.Request;
import dev.pollux.core.http.Response;
import dev.pollux.core.scoreboard.RequestInfo;
import dev.pollux.core.scoreboard.Scoreboard;
import dev.pollux.core.scoreboard.WorkerSlot;
import dev.pollux.core.scoreboard.WorkerState;
import dev.pollux.core.site.Site;
import dev.pollux.core.site.VirtualHosts;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufInputStream;
import io.netty.channel.DefaultFileRegion;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpChunkedInput;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.stream.ChunkedNioFile;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
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
    private static final Logger io = LoggerFactory.getLogger("dev.pollux.io");
    /** A chunk of a file read for the socket: one TLS record's worth. */
    private static final int CHUNK_SIZE = 16 * 1024;

    private final VirtualHosts hosts;
    private final FileSettings files;
    private final HttpSettings http;
    private final boolean extendedStatus;
    private final Scoreboard scoreboard;
    private final int generation;

    /** The processor of {@code generation}: the sites of {@code hosts} answer, under {@code core}'s settings. */
    RequestProcessor(VirtualHosts hosts, CoreSettings core, Scoreboard scoreboard, int generation) {
        this.hosts = hosts;
        this.files = core.files();
        this.http = core.http();
        this.extendedStatus = core.extendedStatus();
        this.scoreboard = scoreboard;
        this.generation = generation;
    }

    /**
     * Answers the job's requests in order and hands the responses to the connection's poller together; requests
     * behind one whose response closes the connection are dropped unanswered, as the connection ends. A streamed
     * response goes to the poller as soon as its head is ready, the requests behind it handed back, and this
     * worker then writes its body. A response that comes {@link Response#later later} releases this worker: the
     * responses so far wait with it, and all go to the poller when it comes. Worker thread.
     */
    void process(Job job, WorkerSlot slot) {
        List<FullHttpRequest> requests = job.requests();
        List<PreparedResponse> responses = new ArrayList<>(requests.size());
        int taken = 0;
        Answer last = null;
        try {
            while (taken < requests.size()) {
                FullHttpRequest request = requests.get(taken);
                Exchange exchange = new Exchange(request, hosts.select(request.headers().get(HttpHeaderNames.HOST)),
                        job.arrivalNanos(), job.arrivalMillis());
                last = answer(exchange, job.origin(), job.firstServed() + taken++, slot);
                if (last.later() != null) {
                    suspend(job.origin(), responses, requests, taken, last);
                    return;
                }
                responses.add(last.prepared());
                if (last.writer() != null || last.prepared().after() != PreparedResponse.After.KEEP_ALIVE) {
                    break;
                }
            }
        } catch (RuntimeException | Error e) {
            // A bug, not a request's fault: what was prepared is given back and the caller closes the connection.
            responses.forEach(PreparedResponse::discard);
            releaseFrom(requests, taken);
            throw e;
        }
        respond(job.origin(), responses, requests, taken);
        if (last.writer() != null) {
            writeBody(last);
            finish(last.prepared(), slot);
            job.origin().bodyWritten();
        }
    }

    /**
     * Hands the responses to the poller. Requests the job did not take up (behind a streamed or later response) go
     * back to the connection, unless the last response closes it: then they are dropped.
     */
    private static void respond(Origin origin, List<PreparedResponse> responses, List<FullHttpRequest> requests,
                                int taken) {
        List<FullHttpRequest> unanswered = List.of();
        boolean open = responses.get(responses.size() - 1).after() == PreparedResponse.After.KEEP_ALIVE;
        if (taken < requests.size() && open) {
            unanswered = List.copyOf(requests.subList(taken, requests.size()));
        } else {
            releaseFrom(requests, taken);
        }
        origin.respond(responses, unanswered);
    }

    /** Releases {@code requests} from index {@code first} on: the ones the job did not take up. */
    private static void releaseFrom(List<FullHttpRequest> requests, int first) {
        for (int i = first; i < requests.size(); i++) {
            requests.get(i).release();
        }
    }

    /**
     * A request answered: the response ready for the poller; for a streamed one, its writer, run once the head is
     * on its way; for one that comes later, the stage that brings it. The request is kept until either is done.
     */
    private record Answer(PreparedResponse prepared, Response.BodyWriter writer, FullHttpRequest request,
                          Exchange exchange, int served, CompletionStage<Response> later) {
    }

    /**
     * Has the request's site answer one request and records it in the worker's slot. The request is released
     * when the handler returns, unless its response is streamed (then when the body is written) or comes later.
     */
    private Answer answer(Exchange exchange, Origin origin, int served, WorkerSlot slot) {
        FullHttpRequest message = (FullHttpRequest) exchange.request();
        Site site = exchange.site();
        slot.serving(origin);
        slot.begin(extendedStatus ? requestInfo(message, origin, site) : null, generation);
        slot.state(WorkerState.WRITING);
        Response response;
        try {
            response = site.handle(new Request(message, bodyOf(message), origin.remoteAddress(),
                    origin.localAddress(), origin.secure()));
        } catch (RuntimeException | Error e) {
            message.release();
            throw e;
        }
        if (response.later() != null) {
            slot.finish(0, (System.nanoTime() - exchange.arrivalNanos()) / 1000, System.currentTimeMillis());
            return new Answer(null, null, message, exchange, served, response.later());
        }
        Answer answer = complete(response, message, exchange, served, origin);
        if (answer.writer() == null) {
            finish(answer.prepared(), slot);
        }
        return answer;
    }

    /**
     * The body as the handler reads it: streamed from the poller; or, for the few requests that arrive whole with
     * a body (an {@code Upgrade} request that Netty's upgrade handler read whole and did not upgrade), from memory.
     */
    private static InputStream bodyOf(FullHttpRequest message) {
        if (message instanceof StreamingRequest streaming) {
            return streaming.body();
        }
        return message.content().isReadable() ? new ByteBufInputStream(message.content().duplicate())
                : InputStream.nullInputStream();
    }

    /**
     * The response prepared for the poller; the request released, unless a streamed body's writer may read it.
     * Such a writer may read a body whose client waits for {@code 100 Continue}: it is sent now, ahead of the
     * head, since behind the head it would wait for the body it asks for.
     */
    private Answer complete(Response response, FullHttpRequest message, Exchange exchange, int served,
                            Origin origin) {
        RequestBodyStream body = message instanceof StreamingRequest streaming ? streaming.body() : null;
        PreparedResponse prepared;
        try {
            prepared = prepare(response, exchange, served, origin.zeroCopy(), body == null || body.complete());
        } catch (RuntimeException | Error e) {
            message.release();
            throw e;
        }
        if (prepared.streamed()) {
            if (body != null && !body.complete()) {
                body.continueNow();
            }
            return new Answer(prepared, ((Response.Streamed) response.body()).writer(), message, exchange, served,
                    null);
        }
        message.release();
        return new Answer(prepared, null, message, exchange, served, null);
    }

    /**
     * The worker lets go of a request whose answer comes later: the connection counts it suspended, and when the
     * stage completes, on whatever thread completes it, the answer is prepared there and handed to the poller with
     * the responses before it. The site has turned a failed stage into an error page already; anything that still
     * escapes is a bug, logged and answered 500.
     */
    private void suspend(Origin origin, List<PreparedResponse> responses, List<FullHttpRequest> requests, int taken,
                         Answer suspended) {
        origin.suspended();
        suspended.later().whenComplete((response, failure) -> {
            Answer answer;
            try {
                if (failure != null) {
                    throw new IllegalStateException("an answer's stage failed past the site", failure);
                }
                answer = complete(response, suspended.request(), suspended.exchange(), suspended.served(), origin);
            } catch (RuntimeException | Error e) {
                log.error("Preparing the later answer to {} failed", suspended.request().uri(), e);
                answer = complete(ErrorPages.response(HttpResponseStatus.INTERNAL_SERVER_ERROR),
                        suspended.request(), suspended.exchange(), suspended.served(), origin);
            }
            responses.add(answer.prepared());
            respond(origin, responses, requests, taken);
            if (answer.writer() != null) {
                writeBody(answer);
                origin.bodyWritten();
            }
        });
    }

    private static void finish(PreparedResponse prepared, WorkerSlot slot) {
        long micros = (System.nanoTime() - prepared.exchange().arrivalNanos()) / 1000;
        long bytes = prepared.streamed() ? ((ResponseBodyStream) prepared.body()).written() : prepared.bodyBytes();
        slot.finish(bytes, micros, System.currentTimeMillis());
        slot.state(prepared.after() == PreparedResponse.After.KEEP_ALIVE ? WorkerState.KEEPALIVE : WorkerState.CLOSING);
    }

    /**
     * Runs a streamed response's writer, its head already with the poller, and ends the body: whole, or cut off
     * where the writer failed, which is logged here once (at DEBUG when the client went away or stopped reading,
     * its own doing). Nothing escapes: the job's responses are handed over already.
     */
    private void writeBody(Answer streamed) {
        PreparedResponse prepared = streamed.prepared();
        ResponseBodyStream body = (ResponseBodyStream) prepared.body();
        HttpRequest request = prepared.exchange().request();
        try {
            streamed.writer().writeTo(body.output());
            body.finish();
        } catch (ResponseBodyStream.ClientGone e) {
            body.abort(e);
            io.debug("Streamed response to {} {} cut off: {}", request.method(), request.uri(), e.getMessage());
        } catch (Throwable e) {
            body.abort(new IOException("the response's writer failed", e));
            log.error("Streamed response to {} {} failed part way; the client gets it cut off", request.method(),
                    request.uri(), e);
        } finally {
            streamed.request().release();
        }
    }

    private PreparedResponse prepare(Response response, Exchange exchange, int served, boolean zeroCopy,
                                     boolean bodyRead) {
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
            return prepare(ErrorPages.response(status), exchange, served, zeroCopy, bodyRead);
        }
        HttpHeaders headers = response.headers();
        finalHeaders(headers);
        boolean open;
        if (bodyless) {
            open = keepAlive(exchange, code, headers, served, bodyRead);
        } else if (length != Response.UNKNOWN_LENGTH) {
            headers.remove(HttpHeaderNames.TRANSFER_ENCODING);
            headers.set(HttpHeaderNames.CONTENT_LENGTH, length);
            open = keepAlive(exchange, code, headers, served, bodyRead);
        } else if (body == null) {
            // HEAD of a streamed body: neither length nor chunks, and no body follows.
            open = keepAlive(exchange, code, headers, served, bodyRead);
        } else if (request.protocolVersion().compareTo(HttpVersion.HTTP_1_1) >= 0) {
            // The framing is the server's: a length the handler copied from elsewhere would contradict the chunks.
            headers.remove(HttpHeaderNames.CONTENT_LENGTH);
            headers.set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
            open = keepAlive(exchange, code, headers, served, bodyRead);
        } else {
            // HTTP/1.0 has no chunks: the body ends where the connection does.
            headers.remove(HttpHeaderNames.CONTENT_LENGTH);
            headers.remove(HttpHeaderNames.TRANSFER_ENCODING);
            headers.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            open = false;
        }
        long bytes = body == null ? 0 : length;
        return new PreparedResponse(response.status(), headers, body, bytes,
                open ? PreparedResponse.After.KEEP_ALIVE : PreparedResponse.After.CLOSE, exchange);
    }

    /**
     * The keep-alive rules, and one more: a request whose body has not all arrived when its response is ready
     * (the handler read part of it, or none) closes the connection after the response, the rest drained by the
     * lingering close, rather than reading it for the next request.
     */
    private boolean keepAlive(Exchange exchange, int code, HttpHeaders headers, int served, boolean bodyRead) {
        if (!bodyRead) {
            headers.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            return false;
        }
        return exchange.site().keepAlive().apply(exchange.request(), code, headers, served, scoreboard.stopping());
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
        if (body instanceof Response.Streamed streamed) {
            return new ResponseBodyStream(ByteBufAllocator.DEFAULT, http.responseBodyBuffer(),
                    http.timeout().toNanos(), streamed.length());
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
