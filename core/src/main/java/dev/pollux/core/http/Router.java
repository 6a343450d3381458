package dev.pollux.core.http;

import io.netty.handler.codec.http.HttpMethod;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Sends each request to the handler registered for its method and path. Three kinds of path, tried in this order:
 *
 * <ul>
 *   <li>exact: {@code /health};</li>
 *   <li>with parameters, each a whole segment: {@code /users/{id}/orders/{order}}, the values read with
 *       {@link Request#pathParameter}; patterns are tried in the order they were added;</li>
 *   <li>prefix, ending in {@code /*}: {@code /files/*} takes {@code /files} and everything below it; the longest
 *       prefix wins.</li>
 * </ul>
 *
 * Paths are matched as static files are mapped ({@link RequestPath}): percent-decoded once, dot-segments and
 * empty segments removed, so that {@code /%61dmin/x} or {@code /pub/../admin/x} meet the route of
 * {@code /admin/*}; a malformed path is a 400, an encoded slash a 404. Patterns and prefixes ignore a trailing
 * slash; an exact path does not. A path that matches no route is passed on ({@code null}), to the handlers after
 * the router, static files among them; one that matches with another method is answered 405 with {@code Allow}.
 * A route for GET answers HEAD too (the server sends no body). A router is a {@link Handler} like any other, so {@code /server-status} and the
 * static files compose with it as with any handler, and a router can sit under another's prefix.
 *
 * <p>Threading: built once, then read by every worker at once; immutable.
 */
public final class Router implements Handler {

    private final Map<String, Map<HttpMethod, Handler>> exact;
    private final List<Route> patterns;
    private final List<Route> prefixes;

    private Router(Builder builder) {
        exact = Map.copyOf(builder.exact);
        patterns = List.copyOf(builder.patterns.values());
        List<Route> byLength = new ArrayList<>(builder.prefixes.values());
        byLength.sort(Comparator.comparingInt((Route route) -> route.segments.length).reversed());
        prefixes = List.copyOf(byLength);
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public Response handle(Request request) throws Exception {
        RequestPath path = RequestPath.parse(request.rawPath());
        String[] segments = path.segments().toArray(new String[0]);
        String normalized = "/" + String.join("/", segments)
                + (path.trailingSlash() && segments.length > 0 ? "/" : "");
        Map<HttpMethod, Handler> byMethod = exact.get(normalized);
        if (byMethod != null) {
            return dispatch(byMethod, request, Map.of());
        }
        for (Route route : patterns) {
            Map<String, String> parameters = route.match(segments);
            if (parameters != null) {
                return dispatch(route.handlers, request, parameters);
            }
        }
        for (Route route : prefixes) {
            if (route.isPrefixOf(segments)) {
                return dispatch(route.handlers, request, Map.of());
            }
        }
        return null;
    }

    private static Response dispatch(Map<HttpMethod, Handler> byMethod, Request request,
                                     Map<String, String> parameters) throws Exception {
        Handler handler = byMethod.get(request.method());
        if (handler == null && request.method().equals(HttpMethod.HEAD)) {
            handler = byMethod.get(HttpMethod.GET);
        }
        if (handler == null) {
            Set<String> allowed = new LinkedHashSet<>();
            byMethod.keySet().forEach(method -> allowed.add(method.name()));
            if (allowed.contains("GET")) {
                allowed.add("HEAD");
            }
            throw RequestException.methodNotAllowed(String.join(", ", allowed));
        }
        Response response = handler.handle(parameters.isEmpty() ? request : request.withPathParameters(parameters));
        if (response == null) {
            throw RequestException.notFound();
        }
        return response;
    }

    /** The segments of a route's path: {@code /a/b} is {@code a, b}. */
    private static String[] split(String path) {
        return path.substring(1).split("/");
    }

    /** Closes every handler routed to, once each. */
    @Override
    public void close() {
        Set<Handler> all = new LinkedHashSet<>();
        exact.values().forEach(byMethod -> all.addAll(byMethod.values()));
        patterns.forEach(route -> all.addAll(route.handlers.values()));
        prefixes.forEach(route -> all.addAll(route.handlers.values()));
        HandlerChain.closeAll(List.copyOf(all));
    }

    /** A pattern or prefix route: its segments ({@code {name}} for a parameter) and its handler per method. */
    private static final class Route {
        private final String[] segments;
        private final Map<HttpMethod, Handler> handlers = new LinkedHashMap<>();

        Route(String[] segments) {
            this.segments = segments;
        }

        /** The parameters when {@code path}'s decoded segments match, else {@code null}. */
        Map<String, String> match(String[] path) {
            if (path.length != segments.length) {
                return null;
            }
            Map<String, String> parameters = new HashMap<>();
            for (int i = 0; i < segments.length; i++) {
                String segment = segments[i];
                if (isParameter(segment)) {
                    parameters.put(segment.substring(1, segment.length() - 1), path[i]);
                } else if (!segment.equals(path[i])) {
                    return null;
                }
            }
            return parameters;
        }

        boolean isPrefixOf(String[] path) {
            if (path.length < segments.length) {
                return false;
            }
            for (int i = 0; i < segments.length; i++) {
                if (!segments[i].equals(path[i])) {
                    return false;
                }
            }
            return true;
        }
    }

    private static boolean isParameter(String segment) {
        return segment.length() > 2 && segment.startsWith("{") && segment.endsWith("}");
    }

    /** Collects routes; not for use from several threads at once. */
    public static final class Builder {
        private final Map<String, Map<HttpMethod, Handler>> exact = new HashMap<>();
        private final Map<String, Route> patterns = new LinkedHashMap<>();
        private final Map<String, Route> prefixes = new LinkedHashMap<>();

        private Builder() {
        }

        /** GET (and so HEAD) of {@code path}. */
        public Builder get(String path, Handler handler) {
            return route(HttpMethod.GET, path, handler);
        }

        public Builder post(String path, Handler handler) {
            return route(HttpMethod.POST, path, handler);
        }

        public Builder put(String path, Handler handler) {
            return route(HttpMethod.PUT, path, handler);
        }

        public Builder delete(String path, Handler handler) {
            return route(HttpMethod.DELETE, path, handler);
        }

        /**
         * {@code method} on {@code path}: exact, with {@code {name}} segments, or a prefix ending in {@code /*}.
         *
         * @throws IllegalArgumentException for a path that does not start with {@code /}, a parameter that is not
         *                                  a whole segment, or a method and path routed already
         */
        public Builder route(HttpMethod method, String path, Handler handler) {
            if (!path.startsWith("/")) {
                throw new IllegalArgumentException("a route's path starts with /: " + path);
            }
            Map<HttpMethod, Handler> byMethod;
            if (path.endsWith("/*")) {
                String prefix = path.substring(0, path.length() - 2);
                byMethod = prefixes.computeIfAbsent(prefix,
                        p -> new Route(p.isEmpty() ? new String[0] : split(p))).handlers;
            } else if (path.contains("{")) {
                String[] segments = split(path);
                for (String segment : segments) {
                    if (segment.contains("{") && !isParameter(segment)) {
                        throw new IllegalArgumentException("a path parameter is a whole segment, {name}: " + path);
                    }
                }
                byMethod = patterns.computeIfAbsent(path, p -> new Route(segments)).handlers;
            } else {
                byMethod = exact.computeIfAbsent(path, p -> new LinkedHashMap<>());
            }
            if (byMethod.putIfAbsent(method, handler) != null) {
                throw new IllegalArgumentException(method + " " + path + " is routed already");
            }
            return this;
        }

        public Router build() {
            return new Router(this);
        }
    }
}
