package dev.pollux.core.scoreboard;

/**
 * The extended-status description of a worker's current or last request.
 *
 * @param client      the client's name where {@code hostname-lookups} found it, else its address; at most 63
 *                    characters, as httpd's scoreboard keeps it
 * @param vhost       {@code name:port} of the server that answered
 * @param protocol    {@code http/1.1} or {@code h2}, as httpd's Protocol column shows it
 * @param requestLine the request line, at most 63 characters, credentials removed
 */
public record RequestInfo(String client, String vhost, String protocol, String requestLine) {

    /** What httpd's scoreboard keeps of a client and of a request line. */
    private static final int LIMIT = 63;

    /** Builds the record, trimming client and request line to httpd's 63 characters and stripping user:password. */
    public static RequestInfo of(String client, String vhost, String protocol, String requestLine) {
        return new RequestInfo(trim(client), vhost, protocol, trim(stripCredentials(requestLine)));
    }

    /** Removes {@code user:password@} from the authority of an absolute-form target (RFC 3986 §3.2.1). */
    private static String stripCredentials(String requestLine) {
        int scheme = requestLine.indexOf("://");
        if (scheme < 0) {
            return requestLine;
        }
        int authority = scheme + 3;
        int end = authority;
        while (end < requestLine.length() && "/?# ".indexOf(requestLine.charAt(end)) < 0) {
            end++;
        }
        int at = requestLine.lastIndexOf('@', end - 1);
        if (at < authority) {
            return requestLine;
        }
        return requestLine.substring(0, authority) + requestLine.substring(at + 1);
    }

    private static String trim(String text) {
        return text.length() <= LIMIT ? text : text.substring(0, LIMIT);
    }
}
