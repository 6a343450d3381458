package dev.pollux.mpm.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pollux.core.http.Handler;
import dev.pollux.core.http.Response;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Raw requests and what the server must do with them, for the rule-family tests of strict parsing: each case on a
 * fresh connection, so that one case's close never hides the next one's answer.
 */
final class Refusals {

    /** Closed without an answer (an HTTP/0.9 request). */
    static final int UNANSWERED = 0;

    /**
     * Answers {@code /echo} with the request's view after the poller's checks: the host it names, its version and
     * its body's length, one per line.
     */
    static final Handler ECHO = request -> request.rawPath().equals("/echo")
            ? Response.text(HttpResponseStatus.OK, "text/plain", "host=" + request.headers().get(HttpHeaderNames.HOST)
                    + "\nversion=" + request.protocolVersion()
                    + "\nbody=" + request.body().readAllBytes().length + "\n",
                    StandardCharsets.US_ASCII)
            : null;

    private Refusals() {
    }

    /**
     * A request and its expected answer: a refusal (4xx, 5xx) comes with {@code Connection: close}, an error page
     * (none for HEAD) and the server's clean close.
     *
     * @param name    what the case is, for the failure message
     * @param request the bytes, ISO-8859-1
     * @param status  the expected status, or {@link #UNANSWERED}
     */
    record Case(String name, String request, int status) {

        /** Sends the request on a new connection and checks the answer; returns it, or {@code null} if none. */
        RawClient.Reply check(ServerFixture fixture) throws IOException {
            try (RawClient client = fixture.connect()) {
                client.send(request.getBytes(StandardCharsets.ISO_8859_1));
                if (status == UNANSWERED) {
                    assertTrue(client.closedByServer(), name + ": expected a close without an answer");
                    return null;
                }
                boolean head = request.startsWith("HEAD");
                RawClient.Reply reply = client.read(head);
                assertEquals(status, reply.status(), name);
                if (status >= 400) {
                    assertEquals("close", reply.header("Connection"), name);
                    assertTrue(head || reply.text().startsWith("<!DOCTYPE html>"), name + ": " + reply.text());
                    // For HEAD, also that no body follows the head: it would be read here instead of the end.
                    assertTrue(client.closedByServer(), name + ": expected the server to close");
                }
                return reply;
            }
        }
    }

    /** Checks every case, each on its own connection. */
    static void checkAll(ServerFixture fixture, Case... cases) throws IOException {
        for (Case c : cases) {
            c.check(fixture);
        }
    }

    /** {@code GET /echo} with {@code Host: localhost} and a request line of {@code method SP target SP version}. */
    static String get(String requestLine) {
        return requestLine + "\r\nHost: localhost\r\n\r\n";
    }
}
