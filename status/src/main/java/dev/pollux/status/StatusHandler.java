package dev.pollux.status;

import dev.pollux.core.http.Handler;
import dev.pollux.core.http.Request;
import dev.pollux.core.http.RequestException;
import dev.pollux.core.http.Response;
import dev.pollux.core.scoreboard.Scoreboard;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.util.NetUtil;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Locale;

/**
 * mod_status's {@code server-status} handler: answers {@code status.location} and the same path with a trailing
 * slash (query ignored), passes every other path on. A client outside {@code status.allow} gets 403, a method
 * other than GET or HEAD 405. The query picks the form ({@link StatusOptions}); {@code refresh} adds httpd's
 * {@code Refresh} header to any of them.
 *
 * <p>Runs on worker threads, any number at once: each request takes its own {@link StatusSnapshot} of the live
 * scoreboard without a lock and renders it into a fresh buffer; the handler itself holds only immutable state.
 */
final class StatusHandler implements Handler {

    private static final String ALLOW_METHODS = "GET, HEAD";
    /** mod_status's non-standard header, which browsers honour by reloading the page. */
    private static final String REFRESH = "Refresh";
    private static final String HTML_TYPE = "text/html";
    private static final String AUTO_TYPE = "text/plain";
    private static final String JSON_TYPE = "application/json";

    private final String location;
    private final String locationSlash;
    private final AllowList allow;
    private final Scoreboard scoreboard;
    private final String serverName;
    private final HostProbe host;
    private final RateHistory history;
    private final Clock clock;
    private final AutoCloseable sampler;

    /**
     * @param settings   where the page lives and who may read it
     * @param scoreboard the live scoreboard
     * @param serverName the configured {@code server-name}, used when a request names no usable host
     * @param sources    the host probe, rate history and clock the page reads
     */
    StatusHandler(StatusSettings settings, Scoreboard scoreboard, String serverName, Sources sources) {
        this.location = settings.location();
        this.locationSlash = settings.location() + "/";
        this.allow = settings.allow();
        this.scoreboard = scoreboard;
        this.serverName = serverName;
        this.host = sources.host();
        this.history = sources.history();
        this.clock = sources.clock();
        this.sampler = sources.sampler();
    }

    /** Stops the rate sampler when the server stops. */
    @Override
    public void close() {
        try {
            sampler.close();
        } catch (Exception e) {
            throw new IllegalStateException("rate sampler did not stop", e);
        }
    }

    @Override
    public Response handle(Request request) throws RequestException {
        String path = request.rawPath();
        if (!path.equals(location) && !path.equals(locationSlash)) {
            return null;
        }
        if (!allow.allows(request.remoteAddress())) {
            throw RequestException.forbidden("client not in pollux.status.allow");
        }
        HttpMethod method = request.method();
        if (!HttpMethod.GET.equals(method) && !HttpMethod.HEAD.equals(method)) {
            throw RequestException.methodNotAllowed(ALLOW_METHODS);
        }
        StatusOptions options = StatusOptions.parse(request.rawQuery());
        StatusSnapshot snapshot = StatusSnapshot.take(scoreboard, host, history, clock.instant());
        Response response = render(options, snapshot, request);
        options.refresh().ifPresent(seconds -> response.headers().set(REFRESH, Long.toString(seconds)));
        return response;
    }

    private Response render(StatusOptions options, StatusSnapshot snapshot, Request request) {
        String hostName = hostName(request);
        return switch (options.format()) {
            case AUTO -> Response.text(HttpResponseStatus.OK, AUTO_TYPE,
                    AutoRenderer.render(snapshot, hostName, clock.getZone()), StandardCharsets.ISO_8859_1);
            case JSON -> Response.bytes(HttpResponseStatus.OK, JSON_TYPE,
                    JsonRenderer.render(snapshot, hostName).getBytes(StandardCharsets.UTF_8));
            case METRICS -> Response.bytes(HttpResponseStatus.OK, MetricsRenderer.CONTENT_TYPE,
                    MetricsRenderer.render(snapshot).getBytes(StandardCharsets.UTF_8));
            case HTML -> Response.text(HttpResponseStatus.OK, HTML_TYPE, HtmlPage.render(snapshot, hostName,
                    localIp(request.localAddress()), options.notable(), clock.getZone()), StandardCharsets.ISO_8859_1);
        };
    }

    /**
     * httpd's {@code ap_get_server_name} with {@code UseCanonicalName Off}: the Host header's name, lower-cased
     * and without its port, if it is a plain host name or address literal; otherwise the configured name.
     */
    private String hostName(Request request) {
        String header = request.headers().get(HttpHeaderNames.HOST);
        if (header == null) {
            return serverName;
        }
        String name = header.startsWith("[") ? header.substring(0, header.indexOf(']') + 1)
                : header.indexOf(':') >= 0 ? header.substring(0, header.indexOf(':')) : header;
        return isHostName(name) ? name.toLowerCase(Locale.ROOT) : serverName;
    }

    private static boolean isHostName(String name) {
        if (name.length() > 2 && name.startsWith("[") && name.endsWith("]")) {
            return NetUtil.isValidIpV6Address(name.substring(1, name.length() - 1));
        }
        return !name.isEmpty() && name.length() <= 253
                && name.chars().allMatch(c -> (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
                        || (c >= '0' && c <= '9') || c == '-' || c == '.');
    }

    /** The address the request arrived on, as httpd's {@code local_ip} prints it (IPv6 compressed). */
    private static String localIp(InetSocketAddress local) {
        return local == null || local.getAddress() == null ? "-" : NetUtil.toAddressString(local.getAddress());
    }

    /**
     * What the page reads besides the scoreboard.
     *
     * @param host    load averages and process CPU time
     * @param history the recent request rates
     * @param clock   the time, and the zone httpd's local-time dates use
     * @param sampler what keeps {@code history} fed, stopped by {@link #close()}
     */
    record Sources(HostProbe host, RateHistory history, Clock clock, AutoCloseable sampler) {
    }
}
