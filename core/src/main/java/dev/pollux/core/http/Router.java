package dev.pollux.core.http;

import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.nio.charset.StandardCharsets;
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
 *   <li>with parameters, each a whole segment: {@code /users/{id}/orders/{order}}, the values percent-decoded and
 *       read with {@link Request#pathParameter}; patterns are tried in the order they were added;</li>
 *   <li>prefix, ending in {@code /*}: {@code /files/*} takes {@code /files} and everything below it; the longest
 *       prefix wins.</li>
 * </ul>
 *
 * A path that matches no route is passed on ({@code null}), to the handlers after the router, static files among
 * them; one that matches with another method is answered 405 with {@code Allow}. A route for GET answers HEAD
 * too (the server sends no body). A router is a {@link Handler} like any other, so {@code /server-status} and the
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
        String path = request.rawPath();
        Map<HttpMethod, Handler> byMethod = exact.get(path);
        if (byMethod != null) {
            return dispatch(byMethod, request, Map.of());
        }
        String[] segments = split(path);
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

    /** The raw segments of a path: {@code /a/b/} is {@code a, b, ""}. */
    private static String[] split(String path) {
        return (path.startsWith("/") ? path.substring(1) : path).split("/", -1);
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

        /** The decoded parameters when {@code path} matches, else {@code null}. */
        Map<String, String> match(String[] path) {
            if (path.length != segments.length) {
                return null;
            }
            Map<String, String> parameters = new HashMap<>();
            for (int i = 0; i < segments.length; i++) {
                String segment = segments[i];
                if (isParameter(segment)) {
                    if (path[i].isEmpty()) {
                        return null;
                    }
                    parameters.put(segment.substring(1, segment.length() - 1),
                            QueryStringDecoder.decodeComponent(path[i].replace("+", "%2B"), StandardCharsets.UTF_8));
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
