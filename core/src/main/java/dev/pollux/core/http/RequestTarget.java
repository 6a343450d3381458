package dev.pollux.core.http;

/** Parsing of request targets (RFC 9112 §3.2) that every reader of a target needs alike. Stateless. */
public final class RequestTarget {

    private RequestTarget() {
    }

    /**
     * Where the path begins in {@code target}: 0 for the usual origin-form ({@code /a?b}); for absolute-form
     * ({@code http://host/a?b}, which RFC 9112 §3.2.2 requires servers to accept) the end of the authority, the
     * first {@code /}, {@code ?} or {@code #} after {@code ://} (or the end), where an empty path means {@code /}.
     */
    public static int pathStart(String target) {
        if (target.isEmpty() || target.charAt(0) == '/') {
            return 0;
        }
        int scheme = target.indexOf("://");
        if (scheme <= 0) {
            return 0;
        }
        for (int i = scheme + 3; i < target.length(); i++) {
            char c = target.charAt(i);
            if (c == '/' || c == '?' || c == '#') {
                return i;
            }
        }
        return target.length();
    }
}
