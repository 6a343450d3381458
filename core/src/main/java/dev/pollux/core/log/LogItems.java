package dev.pollux.core.log;

import dev.pollux.core.http.Authority;
import dev.pollux.core.http.RequestTarget;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.util.AsciiString;
import java.util.List;

/**
 * The {@link LogItem}s of {@code mod_log_config}'s directives, except {@code %t} ({@link RequestTimeItem}).
 * Everything that comes from the client or a handler is escaped with {@link LogEscaper}. Stateless, any thread.
 */
final class LogItems {

    private static final LogItem DASH = (entry, out) -> out.append('-');

    private LogItems() {
    }

    /** The item of the one-letter directive {@code %c}, or {@code null} if there is none. */
    static LogItem directive(char c) {
        return switch (c) {
            case 'a' -> (entry, out) -> out.append(entry.clientIp());
            case 'h' -> (entry, out) -> out.append(entry.remoteHost());
            // No identd lookups and no authentication: httpd logs "-" for both.
            case 'l', 'u' -> DASH;
            case 'r' -> LogItems::requestLine;
            case 'm' -> (entry, out) -> LogEscaper.append(entry.method(), out);
            case 'U' -> LogItems::path;
            case 'q' -> LogItems::query;
            case 'H' -> (entry, out) -> LogEscaper.append(entry.protocol(), out);
            case 's' -> (entry, out) -> out.append(entry.status());
            case 'b' -> LogItems::bytesClf;
            case 'B' -> (entry, out) -> out.append(entry.bodyBytes());
            case 'D' -> (entry, out) -> out.append(entry.durationMicros());
            // httpd's %T truncates to whole seconds.
            case 'T' -> (entry, out) -> out.append(entry.durationMicros() / 1_000_000L);
            case 'v' -> (entry, out) -> LogEscaper.append(entry.serverName(), out);
            case 'V' -> LogItems::requestHost;
            case 'p' -> (entry, out) -> out.append(entry.localPort());
            default -> null;
        };
    }

    /** {@code %{name}i} or {@code %{name}o}. */
    static LogItem header(String name, boolean request) {
        AsciiString key = AsciiString.of(name);
        return request
                ? (entry, out) -> headerValues(entry.requestHeaders(), key, out)
                : (entry, out) -> headerValues(entry.responseHeaders(), key, out);
    }

    static LogItem literal(String text) {
        return (entry, out) -> out.append(text);
    }

    private static void requestLine(AccessLogEntry entry, StringBuilder out) {
        LogEscaper.append(entry.method(), out);
        out.append(' ');
        LogEscaper.append(entry.uri(), out);
        out.append(' ');
        LogEscaper.append(entry.protocol(), out);
    }

    /**
     * The path of the target: origin-form up to the {@code ?}; for an absolute-form target (RFC 9112 section
     * 3.2.2) the part after the authority, {@code /} when that is empty (RFC 9110 section 4.2.3), as httpd's
     * {@code r->uri}.
     */
    private static void path(AccessLogEntry entry, StringBuilder out) {
        String uri = entry.uri();
        int start = RequestTarget.pathStart(uri);
        int end = uri.indexOf('?', start);
        end = end < 0 ? uri.length() : end;
        if (start >= end) {
            out.append('/');
            return;
        }
        LogEscaper.append(uri, start, end, out);
    }

    /** {@code ?} and the query when the target has one, else nothing. */
    private static void query(AccessLogEntry entry, StringBuilder out) {
        String uri = entry.uri();
        int start = uri.indexOf('?');
        if (start >= 0) {
            LogEscaper.append(uri, start, uri.length(), out);
        }
    }

    /**
     * httpd's {@code %V} under {@code UseCanonicalName Off}: the host the client asked for (its Host, which the
     * poller set from an absolute-form target), without port, lower case; the site's name when it sent none.
     */
    private static void requestHost(AccessLogEntry entry, StringBuilder out) {
        String host = entry.requestHeaders().get(HttpHeaderNames.HOST);
        LogEscaper.append(host == null || host.isEmpty() ? entry.serverName() : Authority.hostName(host), out);
    }

    /** Common Log Format writes {@code -} rather than {@code 0} for an empty body. */
    private static void bytesClf(AccessLogEntry entry, StringBuilder out) {
        if (entry.bodyBytes() == 0) {
            out.append('-');
        } else {
            out.append(entry.bodyBytes());
        }
    }

    /**
     * A missing field logs {@code -}; a repeated one logs its values joined by {@code ", "}, the combined form
     * RFC 9110 section 5.3 allows and httpd builds when it reads the request.
     */
    private static void headerValues(HttpHeaders headers, CharSequence name, StringBuilder out) {
        // getAll keeps the order of the fields; valueStringIterator would walk them newest first.
        List<String> values = headers.getAll(name);
        if (values.isEmpty()) {
            out.append('-');
            return;
        }
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) {
                out.append(", ");
            }
            LogEscaper.append(values.get(i), out);
        }
    }
}
