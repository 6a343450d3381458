package dev.pollux.core.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * What a handler answers: a status, headers and a body (bytes, a file, or a stream the handler writes). The
 * server adds {@code Date}, {@code Server}, {@code Content-Length} or chunked framing, and the keep-alive headers;
 * for HEAD it sends the headers only.
 *
 * <p>Threading: built and changed by the worker that runs the handler; the server takes it over once the handler
 * returns it.
 */
public final class Response {

    /** A response body; the server decides how it reaches the socket. */
    public sealed interface Body permits NoBody, Bytes, FileBody, Parts, Streamed {

        /** The body's length in bytes, the {@code Content-Length}; {@link #UNKNOWN_LENGTH} when not known ahead. */
        long length();
    }

    /** The length of a streamed body that is not known before it is written: it goes chunked. */
    public static final long UNKNOWN_LENGTH = -1;

    /**
     * Writes a streamed body. Threading: called once, on the worker that ran the handler, after the handler
     * returned and the status and headers went to the poller; the worker stays with the response until this
     * returns. Each write waits while the client is behind by more than {@code response-body-buffer}, at most
     * {@code timeout}, so the memory a response holds stays bounded whatever its size; {@code flush} sends what
     * is written so far. Not called for HEAD, 204 and 304.
     */
    @FunctionalInterface
    public interface BodyWriter {

        /**
         * Writes the body to {@code out}, which the server closes afterwards.
         *
         * @throws IOException when the client went away or stopped reading past {@code timeout}, or the body
         *                     cannot be produced: the response is cut off (no final chunk, or short of its
         *                     {@code Content-Length}) so that the client sees it incomplete, and logged once
         */
        void writeTo(OutputStream out) throws IOException;
    }

    /**
     * A body written as it is produced ({@link BodyWriter}): {@code length} bytes exactly with a
     * {@code Content-Length}, or chunked when it is {@link #UNKNOWN_LENGTH} (on HTTP/1.0, ended by closing).
     */
    public record Streamed(BodyWriter writer, long length) implements Body {
    }

    /** No body at all (204, 304, redirects without text). */
    public record NoBody() implements Body {
        @Override
        public long length() {
            return 0;
        }
    }

    /** A body in memory; the server releases the buffer once written. */
    public record Bytes(ByteBuf buffer) implements Body {
        @Override
        public long length() {
            return buffer.readableBytes();
        }
    }

    /**
     * {@code length} bytes of a file from {@code offset} (all of it, or one range), opened by the worker that
     * sends it: zero-copy with {@code enable-sendfile}, mapped with {@code enable-mmap}, otherwise read in chunks.
     */
    public record FileBody(Path path, long offset, long length) implements Body {
    }

    /**
     * A body sent piece after piece, each in memory or a part of one file: a {@code multipart/byteranges} answer
     * (RFC 9110 §14.6). Read in chunks, never zero-copy: one promise then sees the progress of the whole.
     */
    public record Parts(List<Body> pieces) implements Body {
        public Parts {
            pieces = List.copyOf(pieces);
        }

        @Override
        public long length() {
            return pieces.stream().mapToLong(Body::length).sum();
        }
    }

    private static final NoBody NO_BODY = new NoBody();

    private final HttpResponseStatus status;
    private final HttpHeaders headers = new DefaultHttpHeaders();
    private final Body body;
    private final CompletionStage<Response> later;

    private Response(HttpResponseStatus status, Body body) {
        this(status, body, null);
    }

    private Response(HttpResponseStatus status, Body body, CompletionStage<Response> later) {
        this.status = status;
        this.body = body;
        this.later = later;
    }

    /**
     * The answer comes when {@code answer} completes: the handler returns this at once and its worker goes back to
     * the pool, the request waiting without a thread (httpd's SUSPENDED connections; the status page's JSON and
     * metrics count them as {@code suspended}), so a handler that waits on another service holds no worker
     * meanwhile. Requests pipelined behind it wait too; graceful stop waits for it up to
     * {@code graceful-shutdown-timeout}. The request, its body included, stays valid until the answer comes. The
     * server puts no time limit on the wait: bound the stage yourself ({@code orTimeout}; fail it with a
     * {@link RequestException} of 504 to answer that rather than 500).
     *
     * <p>Threading: {@code answer} may complete on any thread; the response is finished there (compressed, a file
     * it names opened, a streamed body written), then handed to the poller. A stage that fails is answered as the
     * handler's exception would be: {@link RequestException} with its status, anything else 500, logged.
     */
    public static Response later(CompletionStage<Response> answer) {
        return new Response(HttpResponseStatus.OK, NO_BODY, answer);
    }

    /** The stage that brings the answer, for a {@link #later} response; {@code null} for any other. */
    public CompletionStage<Response> later() {
        return later;
    }

    /** A response without a body. */
    public static Response empty(HttpResponseStatus status) {
        return new Response(status, NO_BODY);
    }

    /** A response whose body is {@code text} in {@code charset}, labelled {@code mediaType; charset=...}. */
    public static Response text(HttpResponseStatus status, String mediaType, String text, Charset charset) {
        return bytes(status, mediaType + "; charset=" + charset.name(), text.getBytes(charset));
    }

    /** A response whose body is {@code bytes}, which the caller no longer changes. */
    public static Response bytes(HttpResponseStatus status, String contentType, byte[] bytes) {
        return bytes(status, contentType, ByteBuffer.wrap(bytes));
    }

    /**
     * A response whose body is {@code content}'s remaining bytes, which nobody changes; shared, not copied. The
     * wrapping buffer reads through a slice of its own, so {@code content}'s position stays where it is.
     */
    public static Response bytes(HttpResponseStatus status, String contentType, ByteBuffer content) {
        Response response = new Response(status, new Bytes(Unpooled.wrappedBuffer(content)));
        response.headers.set(HttpHeaderNames.CONTENT_TYPE, contentType);
        return response;
    }

    /**
     * A response whose body {@code writer} writes as it produces it, chunked (its length not known ahead): large
     * or generated content, a proxied body.
     */
    public static Response stream(HttpResponseStatus status, String contentType, BodyWriter writer) {
        return stream(status, contentType, UNKNOWN_LENGTH, writer);
    }

    /** A response whose body of exactly {@code length} bytes {@code writer} writes as it produces it. */
    public static Response stream(HttpResponseStatus status, String contentType, long length, BodyWriter writer) {
        return of(status, contentType, new Streamed(writer, length));
    }

    /**
     * A response whose body is what remains of {@code in}, copied to the client as it is read and closed
     * afterwards, chunked.
     */
    public static Response stream(HttpResponseStatus status, String contentType, InputStream in) {
        return stream(status, contentType, new Copy(in));
    }

    /** Copies a stream and closes it; closed unread when the body is not sent (HEAD, 204, 304). */
    private record Copy(InputStream in) implements BodyWriter, Closeable {
        @Override
        public void writeTo(OutputStream out) throws IOException {
            try (in) {
                in.transferTo(out);
            }
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }

    /** A 200 response that sends {@code length} bytes of the file at {@code path}. */
    public static Response file(Path path, long length, String contentType) {
        return of(HttpResponseStatus.OK, contentType, new FileBody(path, 0, length));
    }

    /** A response with {@code body}, labelled {@code contentType}. */
    public static Response of(HttpResponseStatus status, String contentType, Body body) {
        Response response = new Response(status, body);
        response.headers.set(HttpHeaderNames.CONTENT_TYPE, contentType);
        return response;
    }

    /**
     * The same headers and body under another status: an error document served as the error it stands for.
     * This response is not to be used afterwards.
     */
    public Response withStatus(HttpResponseStatus newStatus) {
        Response response = new Response(newStatus, body);
        response.headers.set(headers);
        return response;
    }

    public HttpResponseStatus status() {
        return status;
    }

    /** The handler's headers, mutable until the handler returns. */
    public HttpHeaders headers() {
        return headers;
    }

    public Body body() {
        return body;
    }

    /** Releases a body that will not be written: its buffer, or the source a streamed body copies. */
    public void discardBody() {
        release(body);
    }

    private static void release(Body body) {
        if (body instanceof Bytes bytes) {
            bytes.buffer().release();
        } else if (body instanceof Parts parts) {
            parts.pieces().forEach(Response::release);
        } else if (body instanceof Streamed streamed && streamed.writer() instanceof Closeable source) {
            try {
                source.close();
            } catch (IOException e) {
                // A source nobody reads any more: nothing to tell anyone.
            }
        }
    }
}
