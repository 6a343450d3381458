package dev.pollux.core.log;

import io.netty.handler.codec.http.HttpHeaders;
import java.util.Objects;

/**
 * What a finished request needs for any {@link LogFormat}: one record per request, built by the thread that
 * completes the response (poller or worker) and read by the access-log thread. The queue between them
 * publishes it safely.
 *
 * <p>The header objects are handed over, not copied, to keep copying off the poller: the caller must not
 * change them after {@link AccessLog#log}. Thirteen components exceed the six-parameter rule because this record
 * is itself the parameter object.
 *
 * @param clientIp        the client's IP address ({@code %a})
 * @param remoteHost      the client's host name where {@code hostname-lookups} found one in time, else its IP
 *                        address ({@code %h})
 * @param localPort       the port the request arrived on ({@code %p})
 * @param serverName      the canonical name of the site that answered ({@code %v}; {@code %V} without a Host)
 * @param requestMillis   when the request arrived, epoch milliseconds ({@code %t})
 * @param method          the request method ({@code %m})
 * @param uri             the request target exactly as sent
 * @param protocol        the protocol, e.g. {@code HTTP/1.1} ({@code %H})
 * @param requestHeaders  the request's header fields ({@code %{Name}i})
 * @param status          the final response status ({@code %>s})
 * @param responseHeaders the response's header fields ({@code %{Name}o})
 * @param bodyBytes       body bytes sent, headers excluded ({@code %b}, {@code %B})
 * @param durationMicros  time from the request's arrival to the end of the response, microseconds
 *                        ({@code %D}, {@code %T})
 */
public record AccessLogEntry(String clientIp, String remoteHost, int localPort, String serverName, long requestMillis,
                             String method, String uri, String protocol, HttpHeaders requestHeaders,
                             int status, HttpHeaders responseHeaders, long bodyBytes, long durationMicros) {

    /** Rejects nulls here, on the caller's thread, rather than later on the access-log thread. */
    public AccessLogEntry {
        Objects.requireNonNull(clientIp, "clientIp");
        Objects.requireNonNull(remoteHost, "remoteHost");
        Objects.requireNonNull(serverName, "serverName");
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(uri, "uri");
        Objects.requireNonNull(protocol, "protocol");
        Objects.requireNonNull(requestHeaders, "requestHeaders");
        Objects.requireNonNull(responseHeaders, "responseHeaders");
    }
}
