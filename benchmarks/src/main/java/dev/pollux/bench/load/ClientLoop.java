package dev.pollux.bench.load;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.Iterator;
import java.util.Locale;
import java.util.PriorityQueue;

/**
 * The selector loop that owns every {@link ClientConnection}. It runs in three phases: RAMP opens the
 * connections (at most {@code connectConcurrency} connects in flight) until each has had a response or failed,
 * MEASURE counts into a fresh {@link Tally} for {@code duration}, DONE closes everything.
 *
 * <p>Connection {@code i} ticks at {@code start + i * interval / connections} and every interval after, so the
 * requests of the measured window are spread over time. The loop waits for the next due tick at least
 * {@value #CLOCK_MILLIS} ms, unless a response wakes it first, and then sends everything that has come due, up to
 * that much late: 5,000 connections every 3 s make a request every 0.6 ms, and a wake-up of its own for each
 * would cost the client more CPU than the requests do, CPU the server under test shares on a small machine.
 */
final class ClientLoop {

    /** The longest a due request may wait for the loop to wake for other reasons; the shortest timed wait. */
    static final long CLOCK_MILLIS = 10;

    enum Phase { RAMP, MEASURE, DONE }

    private final ClientSettings settings;
    private final Selector selector;
    private final ClientConnection[] connections;
    private final PriorityQueue<ClientConnection> schedule =
            new PriorityQueue<>(Comparator.comparingLong(ClientConnection::nextDue));
    private final ByteBuffer readBuffer = ByteBuffer.allocateDirect(64 * 1024);
    private final ByteBuffer request;
    private final long intervalNanos;
    private final long responseTimeoutNanos;
    private final PrintStream out;
    private Tally tally = new Tally();
    private Phase phase = Phase.RAMP;
    private long start;
    private long windowStart;
    private int nextToOpen;
    private int connecting;
    private int opened;
    private int settled;

    ClientLoop(ClientSettings settings, PrintStream out) throws IOException {
        this.settings = settings;
        this.out = out;
        this.selector = Selector.open();
        this.connections = new ClientConnection[settings.connections()];
        this.intervalNanos = settings.pacing().interval().toNanos();
        this.responseTimeoutNanos = settings.pacing().responseTimeout().toNanos();
        String head = "GET " + settings.path() + " HTTP/1.1\r\nHost: " + settings.target().getHostString() + ":"
                + settings.target().getPort() + "\r\nUser-Agent: pollux-bench\r\n\r\n";
        this.request = ByteBuffer.wrap(head.getBytes(StandardCharsets.US_ASCII)).asReadOnlyBuffer();
    }

    /** Runs all three phases and prints the READY and RESULT lines. */
    void run() throws IOException {
        start = System.nanoTime();
        int n = connections.length;
        for (int i = 0; i < n; i++) {
            var source = settings.sources().get(i % settings.sources().size());
            connections[i] = new ClientConnection(this, source, start + i * intervalNanos / n);
            schedule.add(connections[i]);
        }
        while (phase != Phase.DONE) {
            long now = System.nanoTime();
            advancePhase(now);
            openMore(now);
            fireDue(now);
            long untilDue = Math.max(0, schedule.peek().nextDue() - now) / 1_000_000;
            selector.select(Math.max(CLOCK_MILLIS, Math.min(50, untilDue + 1)));
            dispatchReady();
        }
        long end = System.nanoTime();
        printResult(end);
        for (ClientConnection c : connections) {
            c.close();
        }
        selector.close();
    }

    Selector selector() {
        return selector;
    }

    InetSocketAddress target() {
        return settings.target();
    }

    ByteBuffer request() {
        return request.duplicate();
    }

    ByteBuffer readBuffer() {
        return readBuffer;
    }

    Tally tally() {
        return tally;
    }

    boolean measuring() {
        return phase == Phase.MEASURE;
    }

    long responseTimeoutNanos() {
        return responseTimeoutNanos;
    }

    void connectStarted() {
        connecting++;
    }

    void connectEnded() {
        connecting--;
    }

    void firstOpened() {
        opened++;
    }

    void settled() {
        settled++;
    }

    private void advancePhase(long now) {
        if (phase == Phase.RAMP && (rampDone() || now - start > settings.pacing().rampTimeout().toNanos())) {
            out.printf("READY label=%s opened=%d settled=%d ramp_ms=%d%n", settings.label(), opened, settled,
                    (now - start) / 1_000_000);
            out.flush();
            phase = Phase.MEASURE;
            windowStart = now;
            tally = new Tally();
        } else if (phase == Phase.MEASURE && now - windowStart >= settings.pacing().duration().toNanos()) {
            phase = Phase.DONE;
        }
    }

    private boolean rampDone() {
        return nextToOpen == connections.length && settled == connections.length;
    }

    private void openMore(long now) {
        while (nextToOpen < connections.length && connecting < settings.pacing().connectConcurrency()) {
            connections[nextToOpen++].open(now);
        }
    }

    private void fireDue(long now) {
        while (schedule.peek().nextDue() <= now) {
            ClientConnection c = schedule.poll();
            c.tick(now);
            c.advanceDue(now, intervalNanos);
            schedule.add(c);
        }
    }

    private void dispatchReady() {
        long now = System.nanoTime();
        Iterator<SelectionKey> keys = selector.selectedKeys().iterator();
        while (keys.hasNext()) {
            SelectionKey key = keys.next();
            keys.remove();
            if (key.isValid()) {
                ((ClientConnection) key.attachment()).ready(now);
            }
        }
    }

    private void printResult(long end) {
        int open = 0;
        int alive = 0;
        for (ClientConnection c : connections) {
            open += c.state() == ClientConnection.State.OPEN ? 1 : 0;
            alive += c.alive(end) ? 1 : 0;
        }
        double cpu = ProcessHandle.current().info().totalCpuDuration().map(d -> d.toMillis() / 1000.0).orElse(-1.0);
        out.printf(Locale.ROOT, "RESULT label=%s target=%s:%d connections=%d opened=%d open=%d alive=%d %s client_cpu_s=%.1f%n",
                settings.label(), settings.target().getHostString(), settings.target().getPort(), connections.length,
                opened, open, alive, tally.format(end - windowStart), cpu);
        out.flush();
    }
}
