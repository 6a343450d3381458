package dev.pollux.core.files;

import dev.pollux.core.http.ErrorPages;
import dev.pollux.core.http.Request;
import dev.pollux.core.http.RequestException;
import dev.pollux.core.http.Response;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.DateFormatter;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The answer for one regular file that the static handler found: its precompressed variant when the client
 * accepts one, 304 when the client's copy is current, the ranges asked for (RFC 9110 §14), or the whole file.
 * Worker threads: it stats the variants, through the {@link FileCache}.
 */
final class FileResponder {

    private final FileSettings settings;
    private final FileCache cache;

    FileResponder(FileSettings settings, FileCache cache) {
        this.settings = settings;
        this.cache = cache;
    }

    /**
     * The response for {@code file}, labelled {@code type}. A precompressed variant ({@code file.br},
     * {@code file.gz}) is used when it is a regular file at least as new as {@code file} and the client's
     * Accept-Encoding prefers it; every answer for a file that has one says {@code Vary: Accept-Encoding}.
     */
    Response respond(Request request, Path file, FileInfo info, String type) throws RequestException {
        if (!info.regularFile()) {
            throw RequestException.forbidden("not a regular file");
        }
        Variants variants = variants(file, info);
        if (variants.codings().isEmpty()) {
            return representation(request, file, info, type);
        }
        String chosen = Negotiation.encoding(request.headers().get(HttpHeaderNames.ACCEPT_ENCODING),
                variants.codings());
        Response response = chosen == null ? representation(request, file, info, type)
                : representation(request, sibling(file, VariantSettings.extension(chosen)),
                        variants.infos().get(variants.codings().indexOf(chosen)), type);
        if (chosen != null) {
            response.headers().set(HttpHeaderNames.CONTENT_ENCODING, chosen);
        }
        response.headers().add(HttpHeaderNames.VARY, "Accept-Encoding");
        return response;
    }

    /** The precompressed variants a file has, in the order of {@code precompressed}, and their descriptions. */
    private record Variants(List<String> codings, List<FileInfo> infos) {
        static final Variants NONE = new Variants(List.of(), List.of());
    }

    /**
     * The file's variants, looked for once per description of it: every request would otherwise build and look up
     * a path per coding, which costs the smallest files a sixth of their throughput.
     */
    private Variants variants(Path file, FileInfo info) {
        if (info.variants().get() instanceof Variants known) {
            return known;
        }
        List<String> codings = new ArrayList<>(2);
        List<FileInfo> infos = new ArrayList<>(2);
        for (String coding : settings.variants().precompressed()) {
            FileInfo variant = variant(file, coding, info);
            if (variant != null) {
                codings.add(coding);
                infos.add(variant);
            }
        }
        Variants found = codings.isEmpty() ? Variants.NONE : new Variants(List.copyOf(codings), List.copyOf(infos));
        info.variants().set(found);
        return found;
    }

    private FileInfo variant(Path file, String coding, FileInfo original) {
        Path candidate = sibling(file, VariantSettings.extension(coding));
        try {
            if (!settings.followSymlinks() && Files.isSymbolicLink(candidate)) {
                return null;
            }
            FileInfo info = cache.lookup(candidate);
            return info.regularFile() && info.modifiedMicros() >= original.modifiedMicros() ? info : null;
        } catch (IOException e) {
            return null;
        }
    }

    private static Path sibling(Path file, String suffix) {
        return file.resolveSibling(file.getFileName() + suffix);
    }

    /** One file's bytes as the request's validators and Range ask for them. */
    private Response representation(Request request, Path file, FileInfo info, String type) {
        HttpHeaders headers = request.headers();
        Response response;
        if (Conditional.notModified(headers, info.etag(), info.modifiedMillis())) {
            response = Response.empty(HttpResponseStatus.NOT_MODIFIED);
        } else {
            String range = headers.get(HttpHeaderNames.RANGE);
            ByteRanges.Result ranges = range == null || !ifRangeHolds(headers, info) ? null
                    : ByteRanges.parse(range, info.size(), settings.maxRanges());
            response = ranges == null || ranges.kind() == ByteRanges.Kind.WHOLE ? whole(file, info, type)
                    : ranges.kind() == ByteRanges.Kind.UNSATISFIABLE ? unsatisfiable(info)
                    : partial(file, info, type, ranges.ranges());
        }
        response.headers().set(HttpHeaderNames.ETAG, info.etag());
        response.headers().set(HttpHeaderNames.LAST_MODIFIED, info.lastModified());
        if (settings.maxRanges() > 0) {
            response.headers().set(HttpHeaderNames.ACCEPT_RANGES, HttpHeaderValues.BYTES);
        }
        return response;
    }

    /**
     * RFC 9110 §13.1.5: the ranges apply only if the validator in {@code If-Range} still describes the file, an
     * entity tag compared strongly, a date equal to the file's modification time.
     */
    private static boolean ifRangeHolds(HttpHeaders headers, FileInfo info) {
        String ifRange = headers.get(HttpHeaderNames.IF_RANGE);
        if (ifRange == null) {
            return true;
        }
        if (ifRange.startsWith("\"") || ifRange.startsWith("W/")) {
            return ifRange.equals(info.etag());
        }
        Date date = DateFormatter.parseHttpDate(ifRange);
        return date != null && date.getTime() / 1000 == info.modifiedMillis() / 1000;
    }

    private static Response whole(Path file, FileInfo info, String type) {
        return info.content() != null ? Response.bytes(HttpResponseStatus.OK, type, info.content())
                : Response.file(file, info.size(), type);
    }

    private static Response unsatisfiable(FileInfo info) {
        Response response = ErrorPages.response(HttpResponseStatus.REQUESTED_RANGE_NOT_SATISFIABLE);
        response.headers().set(HttpHeaderNames.CONTENT_RANGE, ByteRanges.unsatisfied(info.size()));
        return response;
    }

    /**
     * 206: one range as itself (from sendfile, or from the cached bytes), several as {@code multipart/byteranges},
     * each part with its own Content-Type and Content-Range (RFC 9110 §14.6).
     */
    private static Response partial(Path file, FileInfo info, String type, List<ByteRanges.Range> ranges) {
        if (ranges.size() == 1) {
            ByteRanges.Range range = ranges.get(0);
            Response response = Response.of(HttpResponseStatus.PARTIAL_CONTENT, type, piece(file, info, range));
            response.headers().set(HttpHeaderNames.CONTENT_RANGE, ByteRanges.contentRange(range, info.size()));
            return response;
        }
        String boundary = Long.toHexString(ThreadLocalRandom.current().nextLong() | Long.MIN_VALUE);
        List<Response.Body> pieces = new ArrayList<>(ranges.size() * 2 + 1);
        for (ByteRanges.Range range : ranges) {
            pieces.add(ascii("\r\n--" + boundary + "\r\nContent-Type: " + type + "\r\nContent-Range: "
                    + ByteRanges.contentRange(range, info.size()) + "\r\n\r\n"));
            pieces.add(piece(file, info, range));
        }
        pieces.add(ascii("\r\n--" + boundary + "--\r\n"));
        return Response.of(HttpResponseStatus.PARTIAL_CONTENT, "multipart/byteranges; boundary=" + boundary,
                new Response.Parts(pieces));
    }

    private static Response.Body piece(Path file, FileInfo info, ByteRanges.Range range) {
        if (info.content() == null) {
            return new Response.FileBody(file, range.first(), range.length());
        }
        ByteBuffer slice = info.content().duplicate();
        slice.position((int) range.first()).limit((int) range.last() + 1);
        return new Response.Bytes(Unpooled.wrappedBuffer(slice));
    }

    private static Response.Body ascii(String text) {
        return new Response.Bytes(Unpooled.wrappedBuffer(text.getBytes(StandardCharsets.ISO_8859_1)));
    }
}
