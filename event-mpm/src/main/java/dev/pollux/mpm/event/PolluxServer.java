package dev.pollux.mpm.event;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import dev.pollux.core.Version;
import dev.pollux.core.config.CoreSettings;
import dev.pollux.core.files.MimeTypes;
import dev.pollux.core.files.StaticFileHandler;
import dev.pollux.core.http.Handler;
import dev.pollux.core.http.HandlerChain;
import dev.pollux.core.http.HandlerProvider;
import dev.pollux.core.http.KeepAlivePolicy;
import dev.pollux.core.http.ServerContext;
import dev.pollux.core.log.AccessLog;
import dev.pollux.core.scoreboard.Scoreboard;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.FastThreadLocalThread;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running Pollux: pollers that own the listeners and every waiting connection, a worker pool behind a
 * lock-free queue, and the handler chain (module handlers such as {@code /server-status}, then the
 * application's, then static files). Standalone through the launcher, or embedded:
 *
 * <pre>{@code
 * try (PolluxServer server = PolluxServer.start(PolluxConfig.validate(ConfigFactory.load()), List.of(myHandler))) {
 *     ...
 * }
 * }</pre>
 *
 * <p>{@link #start} and {@link #stop} may be called from any thread other than a poller or worker.
 */
public final class PolluxServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(PolluxServer.class);

    private final MpmSettings mpm;
    private final Scoreboard scoreboard;
    private final String transport;
    private final MultiThreadIoEventLoopGroup group;
    private final List<Poller> pollers;
    private final WorkerPool workers;
    private final AcceptGate gate;
    private final AccessLog accessLog;
    private final Handler handlers;
    private final ScheduledExecutorService maintenance;
    private final List<InetSocketAddress> addresses = new ArrayList<>();
    private boolean stopped;

    private PolluxServer(Config config, List<Handler> applicationHandlers) {
        CoreSettings core = CoreSettings.from(config);
        mpm = MpmSettings.from(config);
        scoreboard = new Scoreboard(mpm.maxRequestWorkers(), mpm.pollers(), core.extendedStatus());
        Transport.Loaded loaded = mpm.transport().load();
        transport = loaded.name();
        handlers = handlerChain(config, core, scoreboard, applicationHandlers);
        try {
            accessLog = openAccessLog(config, core);
        } catch (RuntimeException e) {
            handlers.close();
            throw e;
        }
        gate = new AcceptGate(scoreboard, mpm.maxConnections());
        RequestProcessor processor = new RequestProcessor(handlers, new KeepAlivePolicy(core.http()), core.files(),
                scoreboard);
        workers = new WorkerPool(mpm, processor, scoreboard, gate);
        ConnectionServices services = new ConnectionServices(core.http(), workers, processor, accessLog, scoreboard,
                core.serverName());
        group = new MultiThreadIoEventLoopGroup(mpm.pollers(), namedThreads("pollux-poller-", true),
                loaded.ioHandlerFactory());
        Map<EventLoop, Poller> byLoop = new IdentityHashMap<>();
        pollers = new ArrayList<>();
        for (EventExecutor executor : group) {
            Poller poller = new Poller((EventLoop) executor, scoreboard.poller(pollers.size()), services, gate);
            pollers.add(poller);
            byLoop.put(poller.loop(), poller);
        }
        boolean chunkedFiles = !core.files().enableSendfile() && !core.files().enableMmap();
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(group)
                .channel(loaded.serverChannel())
                .option(ChannelOption.SO_BACKLOG, mpm.listenBacklog())
                .option(ChannelOption.SO_REUSEADDR, true)
                .handler(new AcceptFailures(gate, scoreboard))
                // TCP_NODELAY is not set here: every transport's accepted-socket config enables it already, and
                // setting it again would be one more system call per connection.
                .childOption(ChannelOption.ALLOW_HALF_CLOSURE, true)
                .childHandler(new PipelineInitializer(core.http(), byLoop, chunkedFiles));
        if (mpm.sendBufferSize() > 0) {
            bootstrap.childOption(ChannelOption.SO_SNDBUF, mpm.sendBufferSize());
        }
        if (mpm.receiveBufferSize() > 0) {
            bootstrap.childOption(ChannelOption.SO_RCVBUF, mpm.receiveBufferSize());
        }
        if (mpm.notSentLowWater() > 0) {
            loaded.notSentLowWater().ifPresentOrElse(
                    option -> bootstrap.option(option, mpm.notSentLowWater()),
                    () -> log.debug("tcp-notsent-lowat is not set: the {} transport has no such option", transport));
        }
        maintenance = Executors.newSingleThreadScheduledExecutor(namedThreads("pollux-maintenance", false));
        try {
            workers.start();
            pollers.forEach(Poller::start);
            for (InetSocketAddress address : mpm.listen()) {
                Channel listener = bootstrap.bind(address).syncUninterruptibly().channel();
                gate.add(listener);
                addresses.add((InetSocketAddress) listener.localAddress());
            }
        } catch (RuntimeException e) {
            stop();
            throw e;
        }
        maintenance.scheduleAtFixedRate(workers::maintain, 1, 1, TimeUnit.SECONDS);
        log.info("{} listening on {} ({} poller(s), transport {}, {} workers of at most {})",
                Version.SERVER_TOKEN, addresses, mpm.pollers(), transport, workers.size(),
                mpm.maxRequestWorkers());
    }

    /**
     * Starts a server on a configuration that {@link dev.pollux.core.config.PolluxConfig} validated.
     *
     * @param applicationHandlers handlers tried after the modules' and before static files
     * @throws ConfigException naming key, origin and what is allowed, for a bad value
     */
    public static PolluxServer start(Config config, List<Handler> applicationHandlers) {
        return new PolluxServer(config, applicationHandlers);
    }

    /**
     * Checks a configuration as {@code pollux -t} does: every setting, the document root, the media types, the
     * transport and the module handlers' settings, without binding or starting anything.
     *
     * @throws ConfigException naming key, origin and what is allowed
     * @throws IllegalStateException when the configured transport does not load here
     */
    public static void check(Config config) {
        CoreSettings core = CoreSettings.from(config);
        MpmSettings mpm = MpmSettings.from(config);
        Scoreboard scoreboard = new Scoreboard(mpm.maxRequestWorkers(), mpm.pollers(), core.extendedStatus());
        handlerChain(config, core, scoreboard, List.of()).close();
        mpm.transport().load();
    }

    /** Module handlers (ServiceLoader), then the application's, then static files. */
    private static Handler handlerChain(Config config, CoreSettings core, Scoreboard scoreboard,
                                        List<Handler> applicationHandlers) {
        List<Handler> handlers = new ArrayList<>();
        ServerContext context = new ServerContext(config, scoreboard, core.serverName());
        for (HandlerProvider provider : ServiceLoader.load(HandlerProvider.class)) {
            handlers.add(provider.create(context));
        }
        handlers.addAll(applicationHandlers);
        MimeTypes mimeTypes;
        try {
            mimeTypes = MimeTypes.load(core.files().typesConfig());
        } catch (IOException e) {
            throw badValue(config, "pollux.types-config", "cannot read " + core.files().typesConfig() + ": " + e);
        }
        try {
            handlers.add(new StaticFileHandler(core.files(), mimeTypes));
        } catch (IOException e) {
            throw badValue(config, "pollux.document-root",
                    "must be an existing directory; " + core.files().documentRoot() + ": " + e);
        }
        return new HandlerChain(handlers);
    }

    private static AccessLog openAccessLog(Config config, CoreSettings core) {
        try {
            return AccessLog.open(core.accessLog());
        } catch (UncheckedIOException e) {
            throw badValue(config, "pollux.access-log.path", "cannot open " + core.accessLog().path() + ": "
                    + e.getCause());
        }
    }

    private static ConfigException badValue(Config config, String key, String problem) {
        return new ConfigException.BadValue(config.getValue(key).origin(), key, problem);
    }

    public List<InetSocketAddress> addresses() {
        return List.copyOf(addresses);
    }

    /** The port of the first listener, e.g. the one the OS chose for {@code listen = ["127.0.0.1:0"]}. */
    public int port() {
        return addresses.get(0).getPort();
    }

    /** The transport the pollers use: epoll, kqueue, nio or io_uring. */
    public String transport() {
        return transport;
    }

    public Scoreboard scoreboard() {
        return scoreboard;
    }

    /**
     * Graceful stop: stop accepting, close connections waiting for a request, let in-flight requests finish with
     * {@code Connection: close}, then close whatever is left after {@code graceful-shutdown-timeout}. Idempotent.
     */
    public synchronized void stop() {
        if (stopped) {
            return;
        }
        stopped = true;
        // Listeners first: once responses say Connection: close, clients reconnect at once, and a connection
        // queued on a listener that closes afterwards is reset by the kernel.
        gate.close();
        scoreboard.stopping(true);
        pollers.forEach(poller -> poller.loop().execute(poller::closeIdle));
        long deadline = System.nanoTime() + mpm.gracefulShutdownTimeout().toNanos();
        while (openConnections() > 0 && System.nanoTime() < deadline) {
            sleepBriefly();
        }
        long left = openConnections();
        if (left > 0) {
            log.warn("Graceful stop timed out; closing {} connection(s) still open", left);
            pollers.forEach(poller -> poller.loop().execute(poller::closeAll));
        }
        maintenance.shutdownNow();
        try {
            workers.stop(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        handlers.close();
        accessLog.close();
        log.info("Stopped");
    }

    @Override
    public void close() {
        stop();
    }

    private long openConnections() {
        long open = 0;
        for (int i = 0; i < scoreboard.pollerCount(); i++) {
            open += scoreboard.poller(i).open();
        }
        return open;
    }

    private static void sleepBriefly() {
        try {
            Thread.sleep(20);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static ThreadFactory namedThreads(String prefix, boolean numbered) {
        AtomicInteger number = new AtomicInteger();
        return runnable -> {
            Thread thread = new FastThreadLocalThread(runnable,
                    numbered ? prefix + number.incrementAndGet() : prefix);
            thread.setDaemon(false);
            return thread;
        };
    }
}
