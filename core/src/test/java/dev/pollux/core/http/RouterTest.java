package dev.pollux.core.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Routing by method and path: exact, with parameters, by prefix; 405 with Allow; unmatched passed on. */
class RouterTest {

    private static final InetSocketAddress ADDRESS = new InetSocketAddress("127.0.0.1", 8080);

    /** A handler answering {@code name} and the path parameters it was given. */
    private static Handler answering(String name) {
        return request -> Response.text(HttpResponseStatus.OK, "text/plain",
                name + " " + request.pathParameter("id") + " " + request.pathParameter("file"),
                StandardCharsets.UTF_8);
    }

    private static final Router ROUTER = Router.builder()
            .get("/users", answering("list"))
            .post("/users", answering("create"))
            .get("/users/{id}", answering("one"))
            .delete("/users/{id}", answering("remove"))
            .get("/users/{id}/files/{file}", answering("file"))
            .get("/static/*", answering("static"))
            .get("/static/deep/*", answering("deep"))
            .route(HttpMethod.PATCH, "/users/me", answering("me"))
            .build();

    private static String answer(HttpMethod method, String uri) throws Exception {
        FullHttpRequest message = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, method, uri, Unpooled.EMPTY_BUFFER);
        Response response = ROUTER.handle(new Request(message, ADDRESS, ADDRESS));
        if (response == null) {
            return null;
        }
        Response.Bytes body = (Response.Bytes) response.body();
        String text = body.buffer().toString(StandardCharsets.UTF_8);
        body.buffer().release();
        return text;
    }

    @Test
    void exactPathsComeBeforePatterns() throws Exception {
        assertEquals("list null null", answer(HttpMethod.GET, "/users"));
        assertEquals("create null null", answer(HttpMethod.POST, "/users?x=1"));
        assertEquals("me null null", answer(HttpMethod.PATCH, "/users/me"));
    }

    @Test
    void patternsBindWholeSegmentsDecoded() throws Exception {
        assertEquals("one 42 null", answer(HttpMethod.GET, "/users/42"));
        assertEquals("remove a b+c null", answer(HttpMethod.DELETE, "/users/a%20b+c"));
        assertEquals("file 7 r%C3%A9sum%C3%A9.pdf".replace("r%C3%A9sum%C3%A9", "résumé"),
                answer(HttpMethod.GET, "/users/7/files/r%C3%A9sum%C3%A9.pdf"));
        assertNull(answer(HttpMethod.GET, "/users/"), "an empty segment binds nothing");
        assertNull(answer(HttpMethod.GET, "/users/7/files"));
    }

    @Test
    void pathsAreMatchedDecodedAndNormalizedAsStaticFilesMapThem() throws Exception {
        assertEquals("one 7 null", answer(HttpMethod.GET, "/%75sers/7"));
        assertEquals("deep null null", answer(HttpMethod.GET, "/static/x/../deep/y"), "no way around a prefix");
        assertEquals("list null null", answer(HttpMethod.GET, "//users"), "empty segments go");
        assertNull(answer(HttpMethod.GET, "/users/"), "an exact path keeps its trailing slash");
        assertEquals(400, assertThrows(RequestException.class, () -> answer(HttpMethod.GET, "/users/%zz"))
                .status().code());
        assertEquals(404, assertThrows(RequestException.class, () -> answer(HttpMethod.GET, "/users/a%2Fb"))
                .status().code(), "an encoded slash, as httpd's AllowEncodedSlashes Off");
    }

    @Test
    void theLongestPrefixWins() throws Exception {
        assertEquals("static null null", answer(HttpMethod.GET, "/static"));
        assertEquals("static null null", answer(HttpMethod.GET, "/static/a/b.css"));
        assertEquals("deep null null", answer(HttpMethod.GET, "/static/deep/x"));
        assertNull(answer(HttpMethod.GET, "/staticky"), "a prefix is whole segments");
    }

    @Test
    void headFollowsGetAndOtherMethodsAre405WithAllow() throws Exception {
        assertEquals("one 1 null", answer(HttpMethod.HEAD, "/users/1"));
        RequestException refused = assertThrows(RequestException.class, () -> answer(HttpMethod.PUT, "/users/1"));
        assertEquals(405, refused.status().code());
        assertEquals("GET, DELETE, HEAD", refused.toResponse().headers().get("Allow"));
    }

    @Test
    void unmatchedPathsArePassedOn() throws Exception {
        assertNull(answer(HttpMethod.GET, "/"));
        assertNull(answer(HttpMethod.GET, "/other"));
    }

    @Test
    void badRoutesAreRefusedWhenBuilt() {
        assertThrows(IllegalArgumentException.class, () -> Router.builder().get("users", answering("x")));
        assertThrows(IllegalArgumentException.class, () -> Router.builder().get("/a/x{id}", answering("x")));
        assertThrows(IllegalArgumentException.class,
                () -> Router.builder().get("/a", answering("x")).get("/a", answering("y")));
    }
}
