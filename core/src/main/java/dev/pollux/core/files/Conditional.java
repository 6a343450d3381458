package dev.pollux.core.files;

import io.netty.handler.codec.DateFormatter;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import java.util.Date;

/** The conditional-request preconditions of RFC 9110 §13 that a static GET or HEAD can meet with 304. */
final class Conditional {

    private Conditional() {
    }

    /**
     * Whether the request's validators still match: {@code If-None-Match} when present (weak comparison,
     * §13.1.2), else {@code If-Modified-Since} (§13.1.3, whole seconds; a date in the future is ignored).
     */
    static boolean notModified(HttpHeaders headers, String etag, long modifiedMillis) {
        String ifNoneMatch = headers.get(HttpHeaderNames.IF_NONE_MATCH);
        if (ifNoneMatch != null) {
            return matchesAny(ifNoneMatch, etag);
        }
        String ifModifiedSince = headers.get(HttpHeaderNames.IF_MODIFIED_SINCE);
        if (ifModifiedSince == null) {
            return false;
        }
        Date since = DateFormatter.parseHttpDate(ifModifiedSince);
        // A date in the future is not a valid validator (httpd's ap_meets_conditions ignores it).
        return since != null && since.getTime() <= System.currentTimeMillis()
                && modifiedMillis / 1000 <= since.getTime() / 1000;
    }

    private static boolean matchesAny(String ifNoneMatch, String etag) {
        for (String candidate : ifNoneMatch.split(",")) {
            String tag = candidate.trim();
            if (tag.equals("*")) {
                return true;
            }
            if (tag.startsWith("W/")) {
                tag = tag.substring(2);
            }
            // The ETag of a gzipped answer is the file's with httpd's -gzip suffix: the same file, still current.
            if (tag.equals(etag) || tag.length() == etag.length() + 5
                    && tag.startsWith(etag.substring(0, etag.length() - 1)) && tag.endsWith("-gzip\"")) {
                return true;
            }
        }
        return false;
    }
}
