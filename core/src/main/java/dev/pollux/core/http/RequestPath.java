package dev.pollux.core.http;

import io.netty.handler.codec.http.QueryStringDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A request path made safe to map onto the document root: percent-decoded once, dot-segments removed, and
 * every spelling that could name something outside the root refused.
 *
 * <p>Refused with 400: a path that is not absolute, bad percent-encoding, NUL or other control characters, a
 * backslash (a separator on some systems, never needed in a URL path), and {@code ..} climbing above the root.
 * Refused with 404, as httpd's {@code AllowEncodedSlashes Off} does: an encoded slash ({@code %2F}), since the
 * decoded slash would otherwise change the path's segments after the dot-segment check.
 *
 * @param segments the decoded, normalised segments; empty for the root
 * @param trailingSlash whether the decoded path ends with {@code /} (it names a directory)
 */
public record RequestPath(List<String> segments, boolean trailingSlash) {

    /** Decodes and normalises {@code rawPath} (the request target's path, still percent-encoded). */
    public static RequestPath parse(String rawPath) throws RequestException {
        if (rawPath.isEmpty() || rawPath.charAt(0) != '/') {
            throw RequestException.badRequest("request target is not an absolute path");
        }
        if (containsEncodedSlash(rawPath)) {
            throw RequestException.notFound();
        }
        String decoded;
        try {
            decoded = new QueryStringDecoder(rawPath, StandardCharsets.UTF_8).path();
        } catch (IllegalArgumentException e) {
            throw RequestException.badRequest("bad percent-encoding");
        }
        for (int i = 0; i < decoded.length(); i++) {
            char c = decoded.charAt(i);
            if (c < 0x20 || c == 0x7f || c == '\\') {
                throw RequestException.badRequest("control character or backslash in path");
            }
        }
        return new RequestPath(removeDotSegments(decoded), decoded.endsWith("/"));
    }

    private static boolean containsEncodedSlash(String rawPath) {
        for (int i = rawPath.indexOf('%'); i >= 0 && i + 2 < rawPath.length(); i = rawPath.indexOf('%', i + 1)) {
            if (rawPath.charAt(i + 1) == '2' && (rawPath.charAt(i + 2) == 'f' || rawPath.charAt(i + 2) == 'F')) {
                return true;
            }
        }
        return false;
    }

    /** RFC 3986 §5.2.4 on segments; climbing above the root is an error rather than silently clamped. */
    private static List<String> removeDotSegments(String path) throws RequestException {
        List<String> segments = new ArrayList<>();
        for (String segment : path.split("/")) {
            if (segment.isEmpty() || segment.equals(".")) {
                continue;
            }
            if (segment.equals("..")) {
                if (segments.isEmpty()) {
                    throw RequestException.badRequest("path climbs above the document root");
                }
                segments.remove(segments.size() - 1);
            } else {
                segments.add(segment);
            }
        }
        return List.copyOf(segments);
    }
}
