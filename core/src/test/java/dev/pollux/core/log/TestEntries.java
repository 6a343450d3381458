package dev.pollux.core.log;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import java.time.OffsetDateTime;

/** Access-log entries for tests: httpd's documentation example unless a test says otherwise. */
final class TestEntries {

    /** 10/Oct/2000:13:55:36 -0700, the time in httpd's Common Log Format example. */
    static final long HTTPD_EXAMPLE_MILLIS = OffsetDateTime.parse("2000-10-10T13:55:36-07:00").toInstant().toEpochMilli();

    private TestEntries() {
    }

    static AccessLogEntry get(String uri) {
        return entry("GET", uri, new DefaultHttpHeaders(), new DefaultHttpHeaders());
    }

    static AccessLogEntry entry(String method, String uri, HttpHeaders request, HttpHeaders response) {
        return new AccessLogEntry("127.0.0.1", "127.0.0.1", 8080, "www.example.com", HTTPD_EXAMPLE_MILLIS, method, uri, "HTTP/1.0",
                request, 200, response, 2326, 1_500_000);
    }

    static AccessLogEntry at(long requestMillis) {
        return new AccessLogEntry("127.0.0.1", "127.0.0.1", 8080, "www.example.com", requestMillis, "GET", "/", "HTTP/1.1",
                new DefaultHttpHeaders(), 200, new DefaultHttpHeaders(), 0, 0);
    }

    static AccessLogEntry withBody(int status, long bodyBytes, long durationMicros) {
        return new AccessLogEntry("192.0.2.7", "192.0.2.7", 443, "www.example.com", HTTPD_EXAMPLE_MILLIS, "GET", "/", "HTTP/1.1",
                new DefaultHttpHeaders(), status, new DefaultHttpHeaders(), bodyBytes, durationMicros);
    }
}
