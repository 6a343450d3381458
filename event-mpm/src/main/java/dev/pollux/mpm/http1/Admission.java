package dev.pollux.mpm.http1;

import dev.pollux.core.http.Authority;
import dev.pollux.core.http.HttpSettings;
import dev.pollux.core.http.RequestTarget;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The checks a decoded request passes on the poller before any worker sees it, in httpd's order: the decoder's
 * verdict, the request target, {@code Host} (RFC 9112 §3.2), the field limits (httpd's LimitRequestFields and
 * LimitRequestFieldSize, answered 400 as httpd does), the transfer coding and the method. Immutable; any thread.
 */
public final class Admission {

    /** RFC 9110 §9 methods and PATCH; anything else is answered 501, as httpd does for unknown methods. */
    private static final Set<HttpMethod> KNOWN_METHODS = Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.POST,
            HttpMethod.PUT, HttpMethod.DELETE, HttpMethod.CONNECT, HttpMethod.OPTIONS, HttpMethod.TRACE,
            HttpMethod.PATCH);

    private final HttpSettings http;

    public Admission(HttpSettings http) {
        this.http = http;
    }

    /**
     * What refuses {@code request}, or {@code null} if it may go to a worker. An admitted absolute-form target's
     * authority replaces the request's {@code Host} (RFC 9112 §3.2.2: the server must ignore the field and use the
     * target's host), so that everything after this sees one host.
     */
    public Rejection check(FullHttpRequest request) {
        if (request.decoderResult().isFailure()) {
            return Rejection.decodeFailure(request.decoderResult().cause());
        }
        String target = request.uri();
        int pathStart = RequestTarget.pathStart(target);
        String authority = pathStart > 0 ? target.substring(target.indexOf("://") + 3, pathStart) : null;
        Rejection refused = checkTarget(request, authority);
        if (refused == null) {
            refused = checkHost(request);
        }
        if (refused == null) {
            refused = checkFields(request);
        }
        if (refused == null) {
            refused = checkTransferCoding(request);
        }
        if (refused == null && !KNOWN_METHODS.contains(request.method())) {
            refused = new Rejection(HttpResponseStatus.NOT_IMPLEMENTED, "unknown method");
        }
        if (refused != null) {
            return refused.of(request);
        }
        if (authority != null) {
            request.headers().set(HttpHeaderNames.HOST, authority);
        }
        return null;
    }

    /**
     * RFC 9112 §3.2: visible ASCII only, always; in strict mode {@link HeadSyntax} has refused anything else in
     * the raw line already, so only unsafe mode looks again. Strict also wants one of the four forms: origin
     * ({@code /path}), absolute ({@code http://host/path}, its {@code authority} valid), asterisk for OPTIONS,
     * authority for CONNECT.
     */
    private Rejection checkTarget(FullHttpRequest request, String authority) {
        String target = request.uri();
        if (!http.strict()) {
            return hasControlCharacter(target) ? badRequest("control character in the request target") : null;
        }
        if (target.indexOf('#') >= 0) {
            // A fragment is the client's own (RFC 9110 §4.2.5): a cache and this server could key it differently.
            return badRequest("fragment in the request target");
        }
        if (authority != null) {
            String scheme = target.substring(0, target.indexOf("://"));
            boolean http = scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https");
            return http && !authority.isEmpty() && Authority.isValid(authority) ? null
                    : badRequest("absolute-form target without an http(s) scheme and a valid host");
        }
        boolean wellFormed = target.startsWith("/")
                || target.equals("*") && request.method().equals(HttpMethod.OPTIONS)
                || request.method().equals(HttpMethod.CONNECT) && isHostAndPort(target);
        return wellFormed ? null : badRequest("request target in no form RFC 9112 allows");
    }

    /**
     * RFC 9112 §3.2: at most one {@code Host}, and exactly one in HTTP/1.1 even when the target names the host;
     * strict also wants it to be a valid authority, even where the target's replaces it, and not empty in
     * HTTP/1.1 (the target then has an authority, which RFC 9110 §4.2.1 forbids to be empty).
     */
    private Rejection checkHost(FullHttpRequest request) {
        List<String> hosts = request.headers().getAll(HttpHeaderNames.HOST);
        boolean http11 = request.protocolVersion().equals(HttpVersion.HTTP_1_1);
        if (hosts.size() > 1 || http11 && hosts.isEmpty()) {
            return badRequest("not exactly one Host");
        }
        if (http.strict() && !hosts.isEmpty()
                && (!Authority.isValid(hosts.get(0)) || http11 && hosts.get(0).isEmpty())) {
            return badRequest("invalid Host");
        }
        return null;
    }

    private Rejection checkFields(FullHttpRequest request) {
        int fields = http.limitRequestFields();
        if (fields > 0 && request.headers().size() > fields) {
            return new Rejection(HttpResponseStatus.BAD_REQUEST, "more than " + fields + " fields",
                    "The number of request header fields exceeds this server's limit.", null);
        }
        for (Map.Entry<String, String> field : request.headers()) {
            if (field.getKey().length() + 2 + field.getValue().length() > http.limitRequestFieldSize()) {
                return new Rejection(HttpResponseStatus.BAD_REQUEST,
                        "field " + field.getKey() + " longer than limit-request-field-size",
                        "Size of a request header field exceeds server limit: " + field.getKey(), null);
            }
        }
        return null;
    }

    /**
     * Strict: {@code chunked} is the only transfer coding Pollux decodes, so one before it ({@code gzip, chunked},
     * which the decoder lets through) is answered 501, as RFC 9112 §6.1 advises, rather than handing a handler a
     * body still coded; httpd passes such a body on.
     */
    private Rejection checkTransferCoding(FullHttpRequest request) {
        if (!http.strict() || !request.headers().contains(HttpHeaderNames.TRANSFER_ENCODING)) {
            return null;
        }
        List<String> codings = request.headers().getAll(HttpHeaderNames.TRANSFER_ENCODING);
        boolean onlyChunked =
                codings.size() == 1 && HttpHeaderValues.CHUNKED.contentEqualsIgnoreCase(codings.get(0).trim());
        return onlyChunked ? null
                : new Rejection(HttpResponseStatus.NOT_IMPLEMENTED, "transfer coding other than chunked");
    }

    /** CONNECT's authority-form, RFC 9112 §3.2.3: a host and, unlike a Host field, always a port. */
    private static boolean isHostAndPort(String target) {
        int colon = target.lastIndexOf(':');
        return colon > 0 && colon > target.lastIndexOf(']') && Authority.isValid(target);
    }

    private static Rejection badRequest(String reason) {
        return new Rejection(HttpResponseStatus.BAD_REQUEST, reason);
    }

    private static boolean hasControlCharacter(String target) {
        for (int i = 0; i < target.length(); i++) {
            char c = target.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                return true;
            }
        }
        return false;
    }
}
