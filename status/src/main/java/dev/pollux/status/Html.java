package dev.pollux.status;

import dev.pollux.core.http.HtmlEscaper;
import dev.pollux.core.log.LogEscaper;

/** Escaping for request lines that reach the HTML page, as mod_status shows them. */
final class Html {

    private Html() {
    }

    /**
     * httpd's {@code ap_escape_logitem} followed by {@link HtmlEscaper#escape}, as mod_status shows request lines,
     * so a request line shows exactly the bytes the client sent.
     */
    static String escapeRequestLine(String requestLine) {
        return requestLine == null ? "" : HtmlEscaper.escape(LogEscaper.escape(requestLine));
    }
}
