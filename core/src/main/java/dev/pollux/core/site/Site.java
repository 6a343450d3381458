package dev.pollux.core.site;

import dev.pollux.core.files.MimeTypes;
import dev.pollux.core.files.StaticFileHandler;
import dev.pollux.core.http.Handler;
import dev.pollux.core.http.HandlerChain;
import dev.pollux.core.http.KeepAlivePolicy;
import dev.pollux.core.http.Request;
import dev.pollux.core.http.RequestBodyException;
import dev.pollux.core.http.RequestException;
import dev.pollux.core.http.Response;
import dev.pollux.core.log.AccessLog;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One site as it serves: TRACE, its redirects, the handlers every site shares (modules such as
 * {@code /server-status}, then the application's), its static files; then its error documents and compression.
 * Built once per generation; immutable; {@link #handle} runs on worker threads.
 */
public final class Site {

    private static final Logger log = LoggerFactory.getLogger(Site.class);
    /** A client's failure to send its body is per-connection noise: at DEBUG, beside the poller's. */
    private static final Logger io = LoggerFactory.getLogger("dev.pollux.io");

    private final SiteSettings settings;
    private final Handler chain;
    private final Handler own;
    private final StaticFileHandler files;
    private final ErrorDocuments errors;
    private final Compression compression;
    private final KeepAlivePolicy keepAlive;
    private final AccessLog accessLog;

    private Site(SiteSettings settings, List<Handler> shared, StaticFileHandler files, boolean traceEnable,
                 AccessLog accessLog) {
        this.settings = settings;
        Redirects redirects = new Redirects(settings.redirects());
        List<Handler> handlers = new ArrayList<>(shared.size() + 3);
        handlers.add(new Trace(traceEnable));
        handlers.add(redirects);
        handlers.addAll(shared);
        handlers.add(files);
        this.chain = new HandlerChain(handlers);
        this.own = new HandlerChain(List.of(redirects, files));
        this.files = files;
        this.errors = settings.errorDocuments();
        this.compression = new Compression(settings.compression());
        this.keepAlive = new KeepAlivePolicy(settings.http());
        this.accessLog = accessLog;
    }

    /**
     * Opens the site: its static files under its document root.
     *
     * @param shared    handlers of the whole server, tried after the site's redirects and before its files; the
     *                  caller closes them
     * @param accessLog where its requests are logged; the caller closes it
     * @throws IOException when the document root is not a readable directory
     */
    public static Site open(SiteSettings settings, List<Handler> shared, MimeTypes mimeTypes, boolean traceEnable,
                            AccessLog accessLog) throws IOException {
        StaticFileHandler files = new StaticFileHandler(settings.files(), mimeTypes,
                settings.useCanonicalName() ? settings.serverName() : null);
        return new Site(settings, shared, files, traceEnable, accessLog);
    }

    public SiteSettings settings() {
        return settings;
    }

    /** The canonical name: {@code %v}, the status page's VHost. */
    public String name() {
        return settings.serverName();
    }

    /** httpd's keep-alive rules with this site's {@code keep-alive} and {@code max-keep-alive-requests}. */
    public KeepAlivePolicy keepAlive() {
        return keepAlive;
    }

    public AccessLog accessLog() {
        return accessLog;
    }

    /**
     * Answers {@code request}: a handler's answer, or for an error its error document or built-in page (a
     * failure other than {@link RequestException} is logged and answered 500, its cause never shown), then
     * compressed where the settings say so. An answer that comes {@link Response#later later} gets the same
     * treatment when it comes, on the thread that completes it. Worker thread; the request stays valid throughout.
     */
    public Response handle(Request request) {
        Response response;
        try {
            response = chain.handle(request);
        } catch (Exception e) {
            response = failed(request, e);
        }
        if (response.later() != null) {
            return Response.later(response.later().handle((answer, failure) -> {
                if (failure != null) {
                    return finish(request, failed(request, failure instanceof CompletionException
                            && failure.getCause() != null ? failure.getCause() : failure));
                }
                return finish(request, answer == null ? failed(request, RequestException.notFound()) : answer);
            }));
        }
        return finish(request, response);
    }

    private Response finish(Request request, Response response) {
        return compression.apply(request, response);
    }

    /** The error page for a handler's failure. */
    private Response failed(Request request, Throwable failure) {
        if (failure instanceof RequestException e) {
            return errors.respond(e, request, own);
        }
        if (failure instanceof RequestBodyException e) {
            io.debug("{}: {} reading the body of {} {} ({})", request.remoteAddress(), e.status(), request.method(),
                    request.uri(), e.getMessage());
            return errors.respond(e.toRequestException(), request, own);
        }
        log.error("Handler failed on {} {}", request.method(), request.uri(), failure);
        return errors.respond(RequestException.of(HttpResponseStatus.INTERNAL_SERVER_ERROR, "handler failed"),
                request, own);
    }

    /** Closes its static-file handler; the shared handlers and the access log are the caller's. */
    public void close() {
        files.close();
    }
}
