package dev.pollux.bench.load;

import java.io.IOException;

/**
 * Holds many keep-alive connections to one server, each sending a small GET every interval, and prints two
 * lines on standard output for {@code benchmarks/run} to read:
 *
 * <pre>
 * READY label=crowd opened=5000 settled=5000 ramp_ms=812
 * RESULT label=crowd target=127.0.0.1:18082 connections=5000 opened=5000 open=5000 alive=5000 window_s=13.0
 *        requests=21667 responses=21667 rps=1666.7 p50_ms=0.180 p99_ms=0.950 max_ms=4.100 server_closed=0
 *        connect_failed=0 timeouts=0 late=0 failed=0 bad_status=0
 * </pre>
 *
 * READY comes once every connection has had a response or failed (or the ramp timed out); the measured window
 * starts then and RESULT comes at its end. In RESULT, {@code opened} counts connections that connected at least
 * once, {@code open} those open at the end, {@code alive} those open and answered during the window;
 * {@code server_closed} counts closes and resets by the server, {@code late} ticks skipped because the previous
 * response was still outstanding, {@code failed} requests that got no response. The {@code crowd} scenario runs
 * it with 5,000 connections and a 3 s interval; the {@code idle} scenario runs several, one per source address,
 * with a 4 s interval (just under the servers' 5 s keep-alive timeout).
 */
public final class KeepAliveClients {

    private KeepAliveClients() {
    }

    public static void main(String[] args) throws IOException {
        ClientSettings settings;
        try {
            settings = ClientSettings.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println(ClientSettings.USAGE);
            System.exit(2);
            return;
        }
        new ClientLoop(settings, System.out).run();
    }
}
