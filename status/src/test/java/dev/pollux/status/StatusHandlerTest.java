package dev.pollux.status;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import dev.pollux.core.http.Handler;
import dev.pollux.core.http.HandlerProvider;
import dev.pollux.core.http.Request;
import dev.pollux.core.http.RequestException;
import dev.pollux.core.http.Response;
import dev.pollux.core.http.ServerContext;
import dev.pollux.core.scoreboard.Scoreboard;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class StatusHandlerTest {

    private final StatusFixture fixture = new StatusFixture(8, 1, true, 176).started(4);

    @ParameterizedTest
    @ValueSource(strings = {"/server-status", "/server-status/", "/server-status?auto", "/server-status/?auto"})
    void answersTheLocationWithOrWithoutATrailingSlash(String uri) throws Exception {
        Response response = fixture.get(uri);
        assertEquals(HttpResponseStatus.OK, response.status());
        response.discardBody();
    }

    @ParameterizedTest
    @ValueSource(strings = {"/", "/server-statusx", "/server-status/x", "/server-status//", "/other?server-status",
            "/Server-Status"})
    void passesOtherPathsOn(String uri) throws Exception {
        assertNull(fixture.get(uri));
    }

    @Test
    void forbidsClientsOutsideTheAllowList() {
        RequestException e = assertThrows(RequestException.class, () -> fixture.call(HttpMethod.GET,
                "/server-status", new InetSocketAddress("192.0.2.1", 40000), "status.example"));
        assertEquals(HttpResponseStatus.FORBIDDEN, e.status());
    }

    @Test
    void checksTheClientBeforeTheMethod() {
        RequestException e = assertThrows(RequestException.class, () -> fixture.call(HttpMethod.POST,
                "/server-status", new InetSocketAddress("192.0.2.1", 40000), "status.example"));
        assertEquals(HttpResponseStatus.FORBIDDEN, e.status());
    }

    @Test
    void answersOtherMethodsWith405AndAllow() {
        RequestException e = assertThrows(RequestException.class, () -> fixture.call(HttpMethod.POST,
                "/server-status?auto", StatusFixture.LOOPBACK_CLIENT, "status.example"));
        assertEquals(HttpResponseStatus.METHOD_NOT_ALLOWED, e.status());
        Response error = e.toResponse();
        assertEquals("GET, HEAD", error.headers().get(HttpHeaderNames.ALLOW));
        error.discardBody();
    }

    @Test
    void answersHeadWithTheSameHeadersAsGet() throws Exception {
        Response head = fixture.call(HttpMethod.HEAD, "/server-status?auto", StatusFixture.LOOPBACK_CLIENT, null);
        Response get = fixture.get("/server-status?auto");
        assertEquals(HttpResponseStatus.OK, head.status());
        assertEquals(get.headers().get(HttpHeaderNames.CONTENT_TYPE), head.headers().get(HttpHeaderNames.CONTENT_TYPE));
        assertEquals(get.body().length(), head.body().length());
        head.discardBody();
        get.discardBody();
    }

    @Test
    void labelsEachFormWithItsContentType() throws Exception {
        assertEquals("text/html; charset=ISO-8859-1", contentType("/server-status"));
        assertEquals("text/plain; charset=ISO-8859-1", contentType("/server-status?auto"));
        assertEquals("application/json", contentType("/server-status?json"));
        assertEquals("text/plain; version=0.0.4; charset=utf-8", contentType("/server-status?metrics"));
    }

    private String contentType(String uri) throws Exception {
        Response response = fixture.get(uri);
        response.discardBody();
        return response.headers().get(HttpHeaderNames.CONTENT_TYPE);
    }

    @Test
    void addsRefreshToAnyFormWhenAsked() throws Exception {
        assertEquals("10", refresh("/server-status?refresh"));
        assertEquals("5", refresh("/server-status?refresh=5"));
        assertEquals("10", refresh("/server-status?refresh=0"));
        assertEquals("30", refresh("/server-status?auto&refresh=30"));
        assertEquals("2", refresh("/server-status?json&refresh=2"));
        assertNull(refresh("/server-status?auto"));
    }

    private String refresh(String uri) throws Exception {
        Response response = fixture.get(uri);
        response.discardBody();
        return response.headers().get("Refresh");
    }

    @Test
    void namesTheHostFromTheHostHeaderWithoutItsPort() throws Exception {
        assertEquals("www.example.org", firstLine("www.Example.org:8080"));
        assertEquals("[::1]", firstLine("[::1]:8080"));
        assertEquals("status.example", firstLine(null));
        assertEquals("status.example", firstLine("<b>evil</b>"));
    }

    private String firstLine(String host) throws Exception {
        Response response = fixture.call(HttpMethod.GET, "/server-status?auto", StatusFixture.LOOPBACK_CLIENT, host);
        String body = StatusFixture.body(response, StandardCharsets.ISO_8859_1);
        return body.substring(0, body.indexOf('\n'));
    }

    @Test
    void isFoundThroughServiceLoaderAndStartsTheSampler() throws Exception {
        HandlerProvider provider = ServiceLoader.load(HandlerProvider.class).stream()
                .map(ServiceLoader.Provider::get).filter(p -> p instanceof StatusHandlerProvider).findFirst()
                .orElseThrow();
        Scoreboard scoreboard = new Scoreboard(4, 1, false);
        Handler handler = provider.create(new ServerContext(ConfigFactory.defaultReference(), scoreboard, "localhost"));
        DefaultFullHttpRequest message =
                new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/server-status?auto");
        try {
            Response response =
                    handler.handle(new Request(message, StatusFixture.LOOPBACK_CLIENT, StatusFixture.LOCAL));
            String body = StatusFixture.body(response, StandardCharsets.ISO_8859_1);
            assertTrue(body.startsWith("localhost\n"), body);
            assertTrue(body.endsWith("\nScoreboard: ....\n"), body);
        } finally {
            message.release();
        }
        assertTrue(Thread.getAllStackTraces().keySet().stream()
                .anyMatch(t -> t.getName().equals(RateSampler.THREAD_NAME) && t.isDaemon()));
    }
}
