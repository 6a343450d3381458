package dev.pollux.core.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class KeepAlivePolicyTest {

    private static final int MAX = 100;

    private static HttpSettings settings(boolean keepAlive, Duration timeout, int maxKeepAliveRequests) {
        return new HttpSettings(keepAlive, timeout, maxKeepAliveRequests, Duration.ofSeconds(60), 8190, 8190, 100,
                1 << 30, Duration.ofSeconds(20), Duration.ofSeconds(20), 500, 1 << 16, 1 << 16,
                HttpSettings.ProtocolOptions.STRICT);
    }

    private static final KeepAlivePolicy HTTPD_DEFAULTS = new KeepAlivePolicy(settings(true, Duration.ofSeconds(5), MAX));

    private static HttpRequest request(HttpVersion version, String connection) {
        HttpRequest request = new DefaultHttpRequest(version, HttpMethod.GET, "/");
        if (connection != null) {
            request.headers().set(HttpHeaderNames.CONNECTION, connection);
        }
        return request;
    }

    /** The response headers the policy set; asserts its decision was {@code granted}. */
    private static HttpHeaders apply(KeepAlivePolicy policy, HttpRequest request, int status, int served,
            boolean stopping, boolean granted) {
        HttpHeaders headers = new DefaultHttpHeaders();
        assertEquals(granted, policy.apply(request, status, headers, served, stopping));
        return headers;
    }

    private static void assertRefusedWithClose(HttpHeaders headers) {
        assertEquals("close", headers.get(HttpHeaderNames.CONNECTION));
        assertNull(headers.get(HttpHeaderNames.KEEP_ALIVE));
    }

    @Test
    void grantsHttp11ByDefaultWithoutAddingHeaders() {
        HttpHeaders headers = apply(HTTPD_DEFAULTS, request(HttpVersion.HTTP_1_1, null), 200, 1, false, true);
        assertTrue(headers.isEmpty(), headers.toString());
    }

    @ParameterizedTest(name = "Connection: {0}")
    @ValueSource(strings = {"close", "Close", "keep-alive, close", "TE, close"})
    void refusesHttp11RequestThatAsksToClose(String connection) {
        assertRefusedWithClose(apply(HTTPD_DEFAULTS, request(HttpVersion.HTTP_1_1, connection), 200, 1, false, false));
    }

    @Test
    void refusesHttp10WithoutKeepAliveToken() {
        assertRefusedWithClose(apply(HTTPD_DEFAULTS, request(HttpVersion.HTTP_1_0, null), 200, 1, false, false));
    }

    @Test
    void grantsHttp10WithKeepAliveTokenAndAnnouncesIt() {
        HttpHeaders headers = apply(HTTPD_DEFAULTS, request(HttpVersion.HTTP_1_0, "keep-alive"), 200, 1, false, true);
        assertEquals("timeout=5, max=" + MAX, headers.get(HttpHeaderNames.KEEP_ALIVE));
        assertEquals("Keep-Alive", headers.get(HttpHeaderNames.CONNECTION));
    }

    @Test
    void matchesKeepAliveTokenCaseInsensitively() {
        HttpHeaders headers = apply(HTTPD_DEFAULTS, request(HttpVersion.HTTP_1_0, "Keep-Alive"), 200, 1, false, true);
        assertEquals("Keep-Alive", headers.get(HttpHeaderNames.CONNECTION));
    }

    @Test
    void announcesKeepAliveToHttp11ClientThatSentTheToken() {
        HttpHeaders headers = apply(HTTPD_DEFAULTS, request(HttpVersion.HTTP_1_1, "keep-alive"), 200, 10, false, true);
        assertEquals("timeout=5, max=" + (MAX - 9), headers.get(HttpHeaderNames.KEEP_ALIVE));
    }

    @Test
    void countsDownRequestsLeft() {
        HttpRequest request = request(HttpVersion.HTTP_1_0, "keep-alive");
        assertEquals("timeout=5, max=1", apply(HTTPD_DEFAULTS, request, 200, MAX, false, true)
                .get(HttpHeaderNames.KEEP_ALIVE));
    }

    @Test
    void refusesOnceMaxKeepAliveRequestsReached() {
        assertRefusedWithClose(apply(HTTPD_DEFAULTS, request(HttpVersion.HTTP_1_1, null), 200, MAX + 1, false, false));
        assertRefusedWithClose(apply(HTTPD_DEFAULTS, request(HttpVersion.HTTP_1_0, "keep-alive"), 200, MAX + 1, false,
                false));
    }

    @Test
    void maxZeroMeansUnlimitedAndOmitsMax() {
        KeepAlivePolicy unlimited = new KeepAlivePolicy(settings(true, Duration.ofSeconds(5), 0));
        HttpHeaders headers = apply(unlimited, request(HttpVersion.HTTP_1_0, "keep-alive"), 200, 1_000_000, false,
                true);
        assertEquals("timeout=5", headers.get(HttpHeaderNames.KEEP_ALIVE));
        assertEquals("Keep-Alive", headers.get(HttpHeaderNames.CONNECTION));
    }

    @Test
    void announcesTimeoutInWholeSecondsAtLeastOne() {
        KeepAlivePolicy shortTimeout = new KeepAlivePolicy(settings(true, Duration.ofMillis(300), 0));
        assertEquals("timeout=1", apply(shortTimeout, request(HttpVersion.HTTP_1_0, "keep-alive"), 200, 1, false,
                true).get(HttpHeaderNames.KEEP_ALIVE));
        KeepAlivePolicy longTimeout = new KeepAlivePolicy(settings(true, Duration.ofSeconds(15), 0));
        assertEquals("timeout=15", apply(longTimeout, request(HttpVersion.HTTP_1_0, "keep-alive"), 200, 1, false,
                true).get(HttpHeaderNames.KEEP_ALIVE));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(ints = {400, 408, 411, 413, 414, 500, 501, 503})
    void refusesAfterStatusHttpdAlwaysClosesAfter(int status) {
        assertRefusedWithClose(apply(HTTPD_DEFAULTS, request(HttpVersion.HTTP_1_1, null), status, 1, false, false));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(ints = {200, 204, 301, 304, 403, 404, 405, 431, 502})
    void keepsAliveAfterOtherStatuses(int status) {
        assertTrue(apply(HTTPD_DEFAULTS, request(HttpVersion.HTTP_1_1, null), status, 1, false, true).isEmpty());
    }

    @Test
    void refusesWhileStopping() {
        assertRefusedWithClose(apply(HTTPD_DEFAULTS, request(HttpVersion.HTTP_1_1, null), 200, 1, true, false));
        assertRefusedWithClose(apply(HTTPD_DEFAULTS, request(HttpVersion.HTTP_1_0, "keep-alive"), 200, 1, true,
                false));
    }

    @Test
    void refusesWhenKeepAliveOff() {
        KeepAlivePolicy off = new KeepAlivePolicy(settings(false, Duration.ofSeconds(5), MAX));
        assertRefusedWithClose(apply(off, request(HttpVersion.HTTP_1_1, null), 200, 1, false, false));
        assertRefusedWithClose(apply(off, request(HttpVersion.HTTP_1_0, "keep-alive"), 200, 1, false, false));
    }

    @Test
    void neverChangesTheRequest() {
        HttpRequest request = request(HttpVersion.HTTP_1_0, "keep-alive");
        apply(HTTPD_DEFAULTS, request, 500, 1, false, false);
        assertEquals("keep-alive", request.headers().get(HttpHeaderNames.CONNECTION));
        assertFalse(request.headers().contains(HttpHeaderNames.KEEP_ALIVE));
    }
}
