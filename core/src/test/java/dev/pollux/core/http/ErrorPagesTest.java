package dev.pollux.core.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ErrorPagesTest {

    /** The page's text; releases the body buffer. */
    private static String bodyOf(Response response) {
        Response.Bytes bytes = assertInstanceOf(Response.Bytes.class, response.body());
        try {
            return bytes.buffer().toString(StandardCharsets.ISO_8859_1);
        } finally {
            response.discardBody();
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(ints = {400, 403, 404, 405, 408, 413, 414, 431, 500, 501, 503, 418})
    void pageIsShortHtmlWithStatusAndReason(int code) {
        HttpResponseStatus status = HttpResponseStatus.valueOf(code);
        Response response = ErrorPages.response(status);
        assertEquals(status, response.status());
        assertEquals("text/html; charset=ISO-8859-1", response.headers().get(HttpHeaderNames.CONTENT_TYPE));
        String page = bodyOf(response);
        assertTrue(page.startsWith("<!DOCTYPE html>"), page);
        assertTrue(page.contains("<title>" + code + " " + status.reasonPhrase() + "</title>"), page);
        assertTrue(page.contains("<h1>" + status.reasonPhrase() + "</h1>"), page);
        assertTrue(page.length() < 512, "length " + page.length());
    }

    @Test
    void eachCallGetsItsOwnBuffer() {
        Response first = ErrorPages.response(HttpResponseStatus.NOT_FOUND);
        Response second = ErrorPages.response(HttpResponseStatus.NOT_FOUND);
        String firstPage = bodyOf(first);
        assertEquals(firstPage, bodyOf(second));
    }

    @Test
    void requestExceptionPageNeverShowsItsReason() {
        String reason = "java.nio.file.AccessDeniedException: /etc/shadow";
        Response response = RequestException.forbidden(reason).toResponse();
        assertEquals(403, response.status().code());
        String page = bodyOf(response);
        assertFalse(page.contains("Exception"), page);
        assertFalse(page.contains("/etc/shadow"), page);
    }

    @Test
    void requestExceptionCarriesItsStatus() {
        assertEquals(HttpResponseStatus.BAD_REQUEST, RequestException.badRequest("x").status());
        assertEquals(HttpResponseStatus.NOT_FOUND, RequestException.notFound().status());
        assertEquals(HttpResponseStatus.REQUEST_URI_TOO_LONG,
                RequestException.of(HttpResponseStatus.REQUEST_URI_TOO_LONG, "long").status());
    }

    @Test
    void methodNotAllowedPageCarriesAllow() {
        Response response = RequestException.methodNotAllowed("GET, HEAD").toResponse();
        assertEquals("GET, HEAD", response.headers().get(HttpHeaderNames.ALLOW));
        assertTrue(bodyOf(response).contains("Method Not Allowed"));
    }
}
