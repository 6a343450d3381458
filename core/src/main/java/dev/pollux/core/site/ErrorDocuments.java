package dev.pollux.core.site;

import com.typesafe.config.ConfigValue;
import dev.pollux.core.config.SettingsReader;
import dev.pollux.core.http.Handler;
import dev.pollux.core.http.Request;
import dev.pollux.core.http.RequestException;
import dev.pollux.core.http.Response;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * httpd's {@code ErrorDocument}: what a site answers for an error status instead of the built-in page. A local
 * path ({@code /errors/404.html}) is fetched from the site as a GET and sent under the error's own status, as
 * httpd's internal redirect does; a URL ({@code https://...}) becomes a 302 to it (the status is lost, as in httpd);
 * anything else is the text of the page. If the document itself fails, the built-in page is sent. Only errors a
 * worker answers are covered: those the poller answers by itself (400, 408, 413, 414, 431, 501, a full queue's
 * 503) keep the built-in page, since fetching a file there would block the poller. Immutable; worker threads.
 */
final class ErrorDocuments {

    /** What a document is, told apart once when the settings are read. */
    private enum Kind { LOCAL, URL, TEXT }

    private record Document(Kind kind, String value) {
    }

    private final Map<Integer, Document> documents;

    private ErrorDocuments(Map<Integer, Document> documents) {
        this.documents = Map.copyOf(documents);
    }

    /** {@code error-document { 404 = "/errors/404.html", 503 = "https://status.example.com/" }}. */
    static ErrorDocuments read(SettingsReader reader) {
        Map<Integer, Document> documents = new HashMap<>();
        String key = "pollux.error-document";
        for (Map.Entry<String, ConfigValue> entry : reader.config().getConfig(key).entrySet()) {
            String path = key + "." + entry.getKey();
            int status = entry.getKey().matches("[45]\\d\\d") ? Integer.parseInt(entry.getKey()) : 0;
            reader.check(path, status > 0, "the key must be an error status from 400 to 599");
            String document = reader.string(path);
            reader.check(path, !document.isEmpty(), "must be a local path, a URL or a text");
            Kind kind = document.startsWith("/") ? Kind.LOCAL
                    : Redirect.isAbsoluteUrl(document) ? Kind.URL : Kind.TEXT;
            documents.put(status, new Document(kind, document));
        }
        return new ErrorDocuments(documents);
    }

    /**
     * The answer to {@code request} for {@code error}: its document when one is configured, else the built-in
     * page. {@code site} serves local documents; it is called at most once, and an error there is not followed.
     */
    Response respond(RequestException error, Request request, Handler site) {
        Document document = documents.get(error.status().code());
        Response builtIn = error.toResponse();
        if (document == null) {
            return builtIn;
        }
        if (document.kind() == Kind.LOCAL) {
            return local(error.status(), document.value(), request, site, builtIn);
        }
        builtIn.discardBody();
        if (document.kind() == Kind.URL) {
            Response redirect = Response.empty(HttpResponseStatus.FOUND);
            redirect.headers().set(HttpHeaderNames.LOCATION, document.value());
            return redirect;
        }
        Response text = Response.text(error.status(), "text/html", document.value(), StandardCharsets.UTF_8);
        copyAllow(builtIn, text);
        return text;
    }

    private static Response local(HttpResponseStatus status, String document, Request request, Handler site,
                                  Response builtIn) {
        Response fetched;
        try {
            fetched = site.handle(request.internalRedirect(document));
        } catch (Exception e) {
            return builtIn;
        }
        if (fetched == null || fetched.status().code() != 200) {
            if (fetched != null) {
                fetched.discardBody();
            }
            return builtIn;
        }
        Response answer = fetched.withStatus(status);
        // Validators and ranges describe the document, not the error: a cache must not revalidate an error.
        answer.headers().remove(HttpHeaderNames.ETAG).remove(HttpHeaderNames.LAST_MODIFIED)
                .remove(HttpHeaderNames.ACCEPT_RANGES);
        copyAllow(builtIn, answer);
        builtIn.discardBody();
        return answer;
    }

    private static void copyAllow(Response from, Response to) {
        String allow = from.headers().get(HttpHeaderNames.ALLOW);
        if (allow != null) {
            to.headers().set(HttpHeaderNames.ALLOW, allow);
        }
    }
}
