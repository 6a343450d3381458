package dev.pollux.status;

import com.typesafe.config.ConfigFactory;
import dev.pollux.core.http.Request;
import dev.pollux.core.http.Response;
import dev.pollux.core.scoreboard.ConnectionState;
import dev.pollux.core.scoreboard.PollerCounters;
import dev.pollux.core.scoreboard.RequestInfo;
import dev.pollux.core.scoreboard.Scoreboard;
import dev.pollux.core.scoreboard.WorkerSlot;
import dev.pollux.core.scoreboard.WorkerState;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import java.net.InetSocketAddress;
import java.nio.charset.Charset;
import java.time.Clock;
import java.time.ZoneId;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A real scoreboard with a status handler over it, a host probe with fixed load and CPU figures, and a clock
 * fixed {@code uptime} seconds after the scoreboard's start, in UTC.
 */
final class StatusFixture {

    static final InetSocketAddress LOOPBACK_CLIENT = new InetSocketAddress("127.0.0.1", 50123);
    static final InetSocketAddress LOCAL = new InetSocketAddress("127.0.0.1", 8080);

    final Scoreboard scoreboard;
    final StatusHandler handler;
    final Clock clock;
    final AtomicLong sampleNanos = new AtomicLong();
    final RateHistory history;

    StatusFixture(int slots, int pollers, boolean extended, long uptimeSeconds) {
        scoreboard = new Scoreboard(slots, pollers, extended);
        clock = Clock.fixed(scoreboard.restartTime().plusSeconds(uptimeSeconds), ZoneId.of("UTC"));
        history = new RateHistory(() -> scoreboard.totals().accesses(), sampleNanos::get);
        StatusSettings settings = StatusSettings.from(ConfigFactory.defaultReference());
        handler = new StatusHandler(settings, scoreboard, "status.example",
                new StatusHandler.Sources(new FixedHost(), history, clock, () -> { }));
    }

    /** Load 0.5 0.25 0.125; 2.2 s user and 6.33 s system CPU. */
    static final class FixedHost extends HostProbe {
        @Override
        LoadAverage loadAverage() {
            return new LoadAverage(0.5, 0.25, 0.125);
        }

        @Override
        CpuTicks processCpu() {
            return new CpuTicks(220, 633);
        }
    }

    /** Slots 0..started-1 have a thread and wait, the rest are dead. */
    StatusFixture started(int count) {
        for (int i = 0; i < count; i++) {
            WorkerSlot slot = scoreboard.slot(i);
            slot.threadStarted();
            slot.state(WorkerState.READY);
        }
        return this;
    }

    /** Slot {@code index} serves one request to the end and waits again. */
    StatusFixture served(int index, RequestInfo info, long bytes, long micros) {
        WorkerSlot slot = scoreboard.slot(index);
        slot.begin(info, 0);
        slot.state(WorkerState.WRITING);
        slot.finish(bytes, micros, clock.millis() - 2_000);
        slot.state(WorkerState.READY);
        return this;
    }

    /** Slot {@code index} takes up a request and stays in {@code state}. */
    StatusFixture busy(int index, RequestInfo info, WorkerState state) {
        WorkerSlot slot = scoreboard.slot(index);
        slot.begin(info, 0);
        slot.state(state);
        return this;
    }

    /** Poller {@code index} accepts a connection that moves on to {@code state}. */
    StatusFixture connection(int index, ConnectionState state) {
        PollerCounters poller = scoreboard.poller(index);
        poller.opened(ConnectionState.READING);
        poller.moved(ConnectionState.READING, state);
        return this;
    }

    /** Poller {@code index} refuses a request itself. */
    StatusFixture refusal(int index) {
        scoreboard.poller(index).requestRefused();
        return this;
    }

    static RequestInfo info(String client, String requestLine) {
        return RequestInfo.of(client, "status.example:8080", "http/1.1", requestLine);
    }

    /** A GET from loopback with {@code Host: status.example}. */
    Response get(String uri) throws Exception {
        return call(HttpMethod.GET, uri, LOOPBACK_CLIENT, "status.example");
    }

    /** Runs the handler on a real request; the request's buffer is released afterwards. */
    Response call(HttpMethod method, String uri, InetSocketAddress client, String host) throws Exception {
        DefaultFullHttpRequest message = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, method, uri);
        if (host != null) {
            message.headers().set(HttpHeaderNames.HOST, host);
        }
        try {
            return handler.handle(new Request(message, client, LOCAL));
        } finally {
            message.release();
        }
    }

    /** The body as text; releases its buffer. */
    static String body(Response response, Charset charset) {
        Response.Bytes bytes = (Response.Bytes) response.body();
        try {
            return bytes.buffer().toString(charset);
        } finally {
            bytes.buffer().release();
        }
    }
}
