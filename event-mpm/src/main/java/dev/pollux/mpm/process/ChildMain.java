package dev.pollux.mpm.process;

import com.typesafe.config.Config;
import dev.pollux.core.config.PolluxConfig;
import dev.pollux.core.scoreboard.ScoreboardMemory;
import dev.pollux.mpm.event.ChildSetup;
import dev.pollux.mpm.event.MpmSettings;
import dev.pollux.mpm.event.PolluxServer;
import dev.pollux.mpm.event.Transport;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A child process, as the {@link Parent} starts it:
 *
 * <pre>
 *   java ... dev.pollux.mpm.process.ChildMain LINK SLOT GENERATION SCOREBOARD CONFIG [ACCEPT-LOCK]
 * </pre>
 *
 * It reads the configuration the parent rendered for its generation, takes the listening sockets from the
 * parent's link, and serves its share until told to stop: SIGTERM stops it gracefully (a graceful restart or
 * stop, or prefork's surplus), SIGINT at once, SIGHUP not at all; it also stops gracefully once it reached
 * {@code max-connections-per-child}, or when the parent is gone. Exit status 0 after a stop, 1 when it could not
 * start.
 */
public final class ChildMain {

    private static final Logger log = LoggerFactory.getLogger(ChildMain.class);
    private static final long LINK_SECONDS = 30;

    private ChildMain() {
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    private static int run(String[] args) {
        if (args.length < 5) {
            System.err.println("pollux child: LINK SLOT GENERATION SCOREBOARD CONFIG [ACCEPT-LOCK], from its parent");
            return 2;
        }
        int slot = Integer.parseInt(args[1]);
        int generation = Integer.parseInt(args[2]);
        Path acceptLock = args.length > 5 ? Path.of(args[5]) : null;
        // Stops asked for before the server runs (a signal, the parent gone, the limit reached in its first
        // moments) wait for it: the server's own stop then finishes what it accepted.
        CompletableFuture<PolluxServer> server = new CompletableFuture<>();
        AtomicBoolean stopping = new AtomicBoolean();
        Signals.on("TERM", () -> stop(server, null));
        Signals.on("INT", () -> stop(server, Duration.ZERO));
        // A hang-up sent to the whole process group would otherwise end the JVM: restarts are the parent's.
        Signals.on("HUP", () -> log.debug("SIGHUP ignored: the parent restarts its children"));
        MultiThreadIoEventLoopGroup link = null;
        try {
            Config config = PolluxConfig.validate(PolluxConfig.load(Path.of(args[4]), Map.of()));
            MpmSettings mpm = MpmSettings.from(config);
            Transport.Loaded transport = mpm.transport().load();
            Transport.Sharing sharing = transport.sharing().orElseThrow(() -> new IllegalStateException(
                    "the " + transport.name() + " transport cannot take the parent's listening sockets"));
            link = new MultiThreadIoEventLoopGroup(1, transport.ioHandlerFactory());
            int count = mpm.listen().size() + mpm.sslListen().size();
            List<Integer> listeners = ParentLink.connect(Path.of(args[0]), sharing, link, slot, count, () -> {
                if (!stopping.get()) {
                    log.warn("The parent is gone: stopping gracefully");
                    stop(server, null);
                }
            }).get(LINK_SECONDS, TimeUnit.SECONDS);
            ChildSetup setup = new ChildSetup(ScoreboardMemory.open(Path.of(args[3])), slot, generation, listeners,
                    acceptLock, () -> {
                        log.info("max-connections-per-child ({}) reached: stopping gracefully, to be replaced",
                                mpm.children().maxConnectionsPerChild());
                        stop(server, null);
                    });
            PolluxServer running = PolluxServer.startChild(config, setup);
            server.complete(running);
            running.await();
            stopping.set(true);
            return 0;
        } catch (Exception e) {
            log.error("Child {} could not start", slot, e);
            return 1;
        } finally {
            if (link != null) {
                link.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            }
        }
    }

    /** Stops the server once it runs; {@code grace} null for its configured graceful stop. */
    private static void stop(CompletableFuture<PolluxServer> server, Duration grace) {
        server.thenAccept(running -> {
            if (grace == null) {
                running.stop();
            } else {
                running.stop(grace);
            }
        });
    }
}
