package dev.pollux.core.site;

import dev.pollux.core.http.RequestPath;
import dev.pollux.core.http.Handler;
import dev.pollux.core.http.Request;
import dev.pollux.core.http.RequestException;
import dev.pollux.core.http.Response;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.List;

/**
 * A site's {@code redirect} and {@code redirect-match} rules, tried in order before any handler sees the request
 * (mod_alias works in httpd's translate-name phase, before handlers). Immutable; worker threads.
 */
final class Redirects implements Handler {

    private final List<Redirect> rules;

    Redirects(List<Redirect> rules) {
        this.rules = rules;
    }

    /** The first matching rule's answer, or {@code null} to pass the request on. */
    @Override
    public Response handle(Request request) throws RequestException {
        if (rules.isEmpty()) {
            return null;
        }
        RequestPath parsed = RequestPath.parse(request.rawPath());
        String path = "/" + String.join("/", parsed.segments())
                + (parsed.trailingSlash() && !parsed.segments().isEmpty() ? "/" : "");
        for (Redirect rule : rules) {
            String location = rule.apply(path, request.rawQuery());
            if (location == null) {
                continue;
            }
            if (rule.status() == 410) {
                throw RequestException.of(HttpResponseStatus.GONE, "gone");
            }
            Response response = Response.empty(HttpResponseStatus.valueOf(rule.status()));
            response.headers().set(HttpHeaderNames.LOCATION, location);
            return response;
        }
        return null;
    }
}
