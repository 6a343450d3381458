package dev.pollux.core.site;

import dev.pollux.core.files.Negotiation;
import dev.pollux.core.http.Request;
import dev.pollux.core.http.Response;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufInputStream;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Locale;
import java.util.zip.GZIPOutputStream;

/**
 * Gzips a response body on the worker that made it, as mod_deflate's output filter does, for the media types and
 * sizes {@link CompressionSettings} names; precompressed files and bodies that already have a coding pass as they
 * are. Done here rather than in a Netty {@code HttpContentCompressor} on the poller, where the CPU time of one
 * large body would hold up every other connection; for the same reason the body is compressed whole, in memory,
 * up to {@code max-length} (beyond it, a precompressed {@code .gz} is the way). Uses the JDK's {@code Deflater},
 * as Netty's JDK zlib encoder does; brotli is only served from precompressed files, since compressing it needs a
 * native library Pollux does not ship. Immutable; worker threads.
 */
final class Compression {

    private static final List<String> GZIP = List.of("gzip");

    private final CompressionSettings settings;

    Compression(CompressionSettings settings) {
        this.settings = settings;
    }

    /**
     * {@code response} gzipped when the client accepts gzip and it is a 200 of a listed type within the size
     * bounds, with {@code Content-Encoding}, {@code Vary} and an ETag of its own (httpd's {@code -gzip} suffix);
     * else {@code response} itself, with {@code Vary: Accept-Encoding} if its type is one that would be compressed
     * (and a 304 naming the gzipped representation where the client holds that one).
     */
    Response apply(Request request, Response response) {
        HttpHeaders headers = response.headers();
        if (!settings.enabled()) {
            return response;
        }
        if (response.status().code() == 304) {
            return notModifiedGzipped(request, response);
        }
        if (response.status().code() != 200 || headers.contains(HttpHeaderNames.CONTENT_ENCODING)
                || !settings.types().contains(mediaType(headers.get(HttpHeaderNames.CONTENT_TYPE)))) {
            return response;
        }
        headers.add(HttpHeaderNames.VARY, "Accept-Encoding");
        if (!(response.body() instanceof Response.Bytes || response.body() instanceof Response.FileBody)) {
            // Streamed and multipart bodies go as they are.
            return response;
        }
        long length = response.body().length();
        if (length < settings.minLength() || length > settings.maxLength() || length == 0
                || !acceptsGzip(request.headers().get(HttpHeaderNames.ACCEPT_ENCODING))) {
            return response;
        }
        byte[] gzipped;
        try {
            gzipped = gzip(response.body(), (int) length);
        } catch (IOException e) {
            // The file went away or cannot be read: the response goes as it is and meets the same failure there.
            return response;
        }
        Response compressed = Response.bytes(HttpResponseStatus.OK, headers.get(HttpHeaderNames.CONTENT_TYPE), gzipped);
        response.discardBody();
        compressed.headers().set(headers);
        compressed.headers().set(HttpHeaderNames.CONTENT_ENCODING, "gzip");
        compressed.headers().remove(HttpHeaderNames.ACCEPT_RANGES);
        String etag = gzipTag(headers.get(HttpHeaderNames.ETAG));
        if (etag != null) {
            compressed.headers().set(HttpHeaderNames.ETAG, etag);
        }
        return compressed;
    }

    /**
     * A 304 for a client that holds the gzipped representation (its If-None-Match names the {@code -gzip} tag)
     * names that representation, as its 200 did (RFC 9110 §15.4.5); any other 304 stays as it is.
     */
    private Response notModifiedGzipped(Request request, Response response) {
        String etag = gzipTag(response.headers().get(HttpHeaderNames.ETAG));
        String held = request.headers().get(HttpHeaderNames.IF_NONE_MATCH);
        if (etag != null && held != null && held.contains(etag)
                && acceptsGzip(request.headers().get(HttpHeaderNames.ACCEPT_ENCODING))) {
            response.headers().set(HttpHeaderNames.ETAG, etag);
            response.headers().add(HttpHeaderNames.VARY, "Accept-Encoding");
        }
        return response;
    }

    /** The ETag of the gzipped representation: httpd's {@code -gzip} inside the quotes; null without a tag. */
    private static String gzipTag(String etag) {
        return etag != null && etag.endsWith("\"") ? etag.substring(0, etag.length() - 1) + "-gzip\"" : null;
    }

    private static String mediaType(String contentType) {
        if (contentType == null) {
            return "";
        }
        int semicolon = contentType.indexOf(';');
        return (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim().toLowerCase(Locale.ROOT);
    }

    /** Whether gzip is acceptable with a non-zero weight (RFC 9110 §12.5.3), through the shared parser. */
    private static boolean acceptsGzip(String acceptEncoding) {
        return Negotiation.encoding(acceptEncoding, GZIP) != null;
    }

    /** The body's first {@code length} bytes (a file may have grown since it was looked at), gzipped. */
    private byte[] gzip(Response.Body body, int length) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(64, length / 4));
        try (InputStream in = open(body); OutputStream zip = new LeveledGzip(out, settings.level())) {
            zip.write(in.readNBytes(length));
        }
        return out.toByteArray();
    }

    private static InputStream open(Response.Body body) throws IOException {
        if (body instanceof Response.Bytes bytes) {
            ByteBuf buffer = bytes.buffer();
            return new ByteBufInputStream(buffer.duplicate());
        }
        Response.FileBody file = (Response.FileBody) body;
        FileChannel channel = FileChannel.open(file.path(), StandardOpenOption.READ).position(file.offset());
        return Channels.newInputStream(channel);
    }

    /** The JDK's gzip stream at a chosen level; its default is zlib's 6. */
    private static final class LeveledGzip extends GZIPOutputStream {
        LeveledGzip(OutputStream out, int level) throws IOException {
            super(out, 8192);
            def.setLevel(level);
        }
    }
}
