package dev.pollux.bench.load;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What one run of {@link KeepAliveClients} does, parsed from {@code --key value} arguments.
 *
 * @param label       names the run in the output lines ({@code crowd}, {@code idle-2} ...)
 * @param target      the server's address
 * @param path        the request target every request asks for
 * @param connections how many connections to hold
 * @param sources     local addresses to connect from, used round-robin (each has its own ephemeral ports)
 * @param pacing      timing and ramp limits
 */
record ClientSettings(String label, InetSocketAddress target, String path, int connections,
                      List<InetAddress> sources, Pacing pacing) {

    /**
     * @param interval           each connection sends one request per interval
     * @param duration           how long the measured window lasts, after the ramp
     * @param rampTimeout        the longest the ramp may take before measuring starts anyway
     * @param responseTimeout    a connect or response slower than this is counted as failed and the connection
     *                           is dropped and reopened
     * @param connectConcurrency the most connects in flight while ramping, so the server's backlog is not flooded
     */
    record Pacing(Duration interval, Duration duration, Duration rampTimeout, Duration responseTimeout,
                  int connectConcurrency) {
    }

    static final String USAGE = String.join("\n",
            "usage: KeepAliveClients --target HOST:PORT [options]",
            "  --label NAME                 name printed on the READY and RESULT lines (default clients)",
            "  --path PATH                  request target (default /612.html)",
            "  --connections N              connections to hold (default 1000)",
            "  --sources A,B,...            local addresses to connect from, round-robin (default 127.0.0.1)",
            "  --interval-ms N              one request per connection every N ms (default 3000)",
            "  --duration-s N               measured window after the ramp (default 10)",
            "  --ramp-timeout-s N           start measuring after N s even if the ramp is not done (default 60)",
            "  --response-timeout-ms N      connect/response deadline (default 10000)",
            "  --connect-concurrency N      connects in flight while ramping (default 256)");

    private static final Set<String> KEYS = Set.of("--label", "--target", "--path", "--connections", "--sources",
            "--interval-ms", "--duration-s", "--ramp-timeout-s", "--response-timeout-ms", "--connect-concurrency");

    static ClientSettings parse(String[] args) throws UnknownHostException {
        Map<String, String> values = new HashMap<>();
        for (int i = 0; i < args.length; i += 2) {
            if (!KEYS.contains(args[i]) || i + 1 >= args.length) {
                throw new IllegalArgumentException("unknown option or missing value: " + args[i]);
            }
            values.put(args[i], args[i + 1]);
        }
        String target = values.get("--target");
        if (target == null) {
            throw new IllegalArgumentException("--target is required");
        }
        Pacing pacing = new Pacing(
                Duration.ofMillis(positive(values, "--interval-ms", 3000)),
                Duration.ofSeconds(positive(values, "--duration-s", 10)),
                Duration.ofSeconds(positive(values, "--ramp-timeout-s", 60)),
                Duration.ofMillis(positive(values, "--response-timeout-ms", 10_000)),
                (int) positive(values, "--connect-concurrency", 256));
        return new ClientSettings(values.getOrDefault("--label", "clients"), address(target),
                values.getOrDefault("--path", "/612.html"), (int) positive(values, "--connections", 1000),
                sources(values.getOrDefault("--sources", "127.0.0.1")), pacing);
    }

    private static long positive(Map<String, String> values, String key, long defaultValue) {
        String text = values.get(key);
        long value = text == null ? defaultValue : Long.parseLong(text);
        if (value <= 0) {
            throw new IllegalArgumentException(key + " must be positive, was " + text);
        }
        return value;
    }

    private static InetSocketAddress address(String hostPort) throws UnknownHostException {
        int colon = hostPort.lastIndexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException("--target must be HOST:PORT, was " + hostPort);
        }
        InetAddress host = InetAddress.getByName(hostPort.substring(0, colon));
        return new InetSocketAddress(host, Integer.parseInt(hostPort.substring(colon + 1)));
    }

    private static List<InetAddress> sources(String list) throws UnknownHostException {
        List<InetAddress> addresses = new ArrayList<>();
        for (String name : list.split(",")) {
            addresses.add(InetAddress.getByName(name.trim()));
        }
        return List.copyOf(addresses);
    }
}
