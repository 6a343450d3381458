package dev.pollux.mpm.event;

import dev.pollux.core.http.HttpSettings;
import dev.pollux.core.log.AccessLog;
import dev.pollux.core.log.AccessLogEntry;
import dev.pollux.core.scoreboard.Scoreboard;
import dev.pollux.mpm.http1.Admission;
import dev.pollux.mpm.http1.Rejection;
import io.netty.handler.codec.http.EmptyHttpHeaders;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.net.InetSocketAddress;

/**
 * What every connection of the server shares: settings, the worker pool, the access log and the scoreboard,
 * plus the checks a poller makes on a decoded request before any worker sees it. Immutable; the methods are
 * called on poller threads and never block.
 */
final class ConnectionServices {

    private final HttpSettings http;
    private final Admission admission;
    private final WorkerPool workers;
    private final RequestProcessor processor;
    private final AccessLog accessLog;
    private final Scoreboard scoreboard;
    private final String serverName;

    ConnectionServices(HttpSettings http, WorkerPool workers, RequestProcessor processor, AccessLog accessLog,
                       Scoreboard scoreboard, String serverName) {
        this.http = http;
        this.admission = new Admission(http);
        this.workers = workers;
        this.processor = processor;
        this.accessLog = accessLog;
        this.scoreboard = scoreboard;
        this.serverName = serverName;
    }

    HttpSettings http() {
        return http;
    }

    WorkerPool workers() {
        return workers;
    }

    boolean stopping() {
        return scoreboard.stopping();
    }

    /**
     * The request itself if it may go to a worker, else the {@link Rejection} that answers it, the request then
     * released: see {@link Admission#check}.
     */
    Object admit(FullHttpRequest request) {
        Rejection rejection = admission.check(request);
        if (rejection == null) {
            return request;
        }
        request.release();
        return rejection;
    }

    /** An error the poller answers itself, closing afterwards; {@code request} may be {@code null}. */
    PreparedResponse errorResponse(HttpResponseStatus status, HttpRequest request) {
        return processor.error(status, null, Exchange.now(request));
    }

    /** The answer to a refused request, closing afterwards. */
    PreparedResponse errorResponse(Rejection rejection) {
        return processor.error(rejection.status(), rejection.detail(), Exchange.now(rejection.request()));
    }

    /** Queues the access-log line of a written response; never blocks. */
    void logAccess(Connection connection, PreparedResponse response) {
        if (!accessLog.enabled()) {
            return;
        }
        Exchange exchange = response.exchange();
        HttpRequest request = exchange.request();
        InetSocketAddress local = (InetSocketAddress) connection.context().channel().localAddress();
        accessLog.log(new AccessLogEntry(connection.clientIp(), local.getPort(), serverName,
                exchange.arrivalMillis(),
                request == null ? "-" : request.method().name(),
                request == null ? "-" : request.uri(),
                request == null ? "-" : request.protocolVersion().text(),
                request == null ? EmptyHttpHeaders.INSTANCE : request.headers(),
                response.status().code(), response.headers(), response.bodyBytes(),
                (System.nanoTime() - exchange.arrivalNanos()) / 1000));
    }
}
