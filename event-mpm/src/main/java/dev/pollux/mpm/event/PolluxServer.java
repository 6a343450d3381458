package dev.pollux.mpm.event;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import dev.pollux.core.config.PolluxConfig;
import dev.pollux.core.Version;
import dev.pollux.core.http.Handler;
import dev.pollux.core.http.HandlerChain;
import dev.pollux.core.scoreboard.Scoreboard;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.FastThreadLocalThread;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running Pollux: pollers that own the listeners and every waiting connection, a worker pool behind a
 * lock-free queue, and the {@link Generation} in force: the settings, the handler chain (module handlers such as
 * {@code /server-status}, then the application's, then static files) and the access log. Standalone through the
 * launcher, or embedded, with the {@code pollux { }} block of the application's {@code application.conf}:
 *
 * <pre>{@code
 * PolluxServer server = PolluxServer.builder()
 *         .handler(Router.builder().get("/hello", request -> Response.text(...)).build())
 *         .start();                            // ConfigFactory.load(), validated
 * server.port();                               // the bound port, also for listen = ["127.0.0.1:0"]
 * server.reload(PolluxConfig.validate(ConfigFactory.load()));   // a graceful restart
 * server.await();                              // until someone stops it
 * server.close();                              // a graceful stop
 * }</pre>
 *
 * <p>Threading: {@link #start}, {@link #reload}, {@link #stop} and {@link #await} may be called from any thread
 * other than a poller or worker; handlers run on the workers.
 */
public final class PolluxServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(PolluxServer.class);
    private static final long NO_DEADLINE = Long.MIN_VALUE;

    private final Scoreboard scoreboard;
    private final Transport.Loaded transport;
    private final MultiThreadIoEventLoopGroup group;
    private final List<Poller> pollers;
    private final Workers workers;
    private final AcceptGate gate;
    private final ChildSetup child;
    /** Prefork's; null otherwise. */
    private final AcceptMutex acceptMutex;
    private final AcceptFailures acceptFailures;
    private final PipelineInitializer pipeline;
    private final List<Handler> applicationHandlers;
    private final ScheduledExecutorService maintenance;
    /** The bound listeners by the address the configuration names (port 0 included, as named). */
    private final Map<ListenAddress, Channel> listeners = new LinkedHashMap<>();
    /** Older generations still serving connections that hold them; closed once drained. */
    private final List<Generation> retiring = new CopyOnWriteArrayList<>();
    private volatile Generation generation;
    private volatile List<InetSocketAddress> addresses = List.of();
    private volatile List<InetSocketAddress> tlsAddresses = List.of();
    /** When a stop under way closes what is left: the earliest that any call to {@link #stop(Duration)} asked for. */
    private final AtomicLong stopDeadline = new AtomicLong(NO_DEADLINE);
    private boolean stopped;
    private final CountDownLatch terminated = new CountDownLatch(1);

    private PolluxServer(Config config, List<Handler> applicationHandlers, ChildSetup child) {
        Generation.Settings settings = Generation.Settings.read(config);
        if (child != null) {
            settings = settings.withMpm(settings.mpm().childShare());
        } else if (settings.mpm().children().enabled()) {
            throw new IllegalStateException("pollux.mpm.server-limit > 1 runs child processes, which bin/pollux "
                    + "starts; a server started here is one process: set server-limit = 1");
        }
        MpmSettings mpm = settings.mpm();
        this.applicationHandlers = List.copyOf(applicationHandlers);
        this.child = child;
        boolean extended = settings.core().extendedStatus();
        if (child == null) {
            scoreboard = new Scoreboard(mpm.maxRequestWorkers(), mpm.pollers(), extended);
        } else {
            scoreboard = child.scoreboard().forOwner(child.slot());
            scoreboard.claim(child.generation(), mpm.maxRequestWorkers(), extended);
        }
        scoreboard.mpm(mpm.type().statusName());
        transport = mpm.transport().load();
        gate = new AcceptGate(scoreboard, mpm.connectionLimit());
        acceptFailures = new AcceptFailures(gate, scoreboard);
        if (child != null && mpm.children().maxConnectionsPerChild() > 0) {
            gate.retireAfter(mpm.children().maxConnectionsPerChild(), child.onRetire());
        }
        acceptMutex = child == null || child.acceptMutex() == null ? null : acceptMutex(child, gate);
        if (mpm.type().threadPerConnection()) {
            workers = new ConnectionThreads(mpm, scoreboard);
        } else {
            WorkerPool pool = new WorkerPool(mpm, scoreboard, gate);
            if (child != null) {
                pool.acceptOnlyWhenIdle();
            }
            workers = pool;
        }
        group = new MultiThreadIoEventLoopGroup(mpm.pollers(), namedThreads("pollux-poller-", true),
                transport.ioHandlerFactory());
        Map<EventLoop, Poller> byLoop = new IdentityHashMap<>();
        pollers = new ArrayList<>();
        for (EventExecutor executor : group) {
            Poller poller = new Poller((EventLoop) executor, scoreboard.poller(pollers.size()), workers);
            pollers.add(poller);
            byLoop.put(poller.loop(), poller);
        }
        pipeline = new PipelineInitializer(byLoop);
        maintenance = Executors.newSingleThreadScheduledExecutor(namedThreads("pollux-maintenance", false));
        try {
            generation = Generation.open(child == null ? 0 : child.generation(), settings, scoreboard,
                    this.applicationHandlers);
        } catch (RuntimeException e) {
            maintenance.shutdownNow();
            group.shutdownGracefully(0, 0, TimeUnit.SECONDS);
            throw e;
        }
        // From here on a failure stops the server, which closes the generation.
        try {
            workers.start();
            install(generation);
            pollers.forEach(Poller::start);
            List<ListenAddress> addresses = ListenAddress.of(mpm);
            for (int i = 0; i < addresses.size(); i++) {
                ListenAddress address = addresses.get(i);
                Channel listener = child == null ? bind(address, mpm) : adopt(address, mpm, child.listeners().get(i));
                listeners.put(address, listener);
                gate.add(listener);
            }
            if (acceptMutex != null) {
                acceptMutex.start();
            }
            scoreboard.listening(true);
        } catch (RuntimeException e) {
            stop();
            throw e;
        }
        listenersChanged();
        maintenance.scheduleAtFixedRate(this::maintain, 1, 1, TimeUnit.SECONDS);
        log.info("{} listening on {} ({} MPM{}, {} poller(s), transport {}, {} workers of at most {})",
                Version.SERVER_TOKEN, listening(), mpm.type().statusName(),
                child == null ? "" : ", child " + child.slot() + " of generation " + child.generation(),
                mpm.pollers(), transport.name(), workers.size(), mpm.maxRequestWorkers());
    }

    /** Prefork's accept mutex, which its listeners wait for from the start. */
    private static AcceptMutex acceptMutex(ChildSetup setup, AcceptGate gate) {
        try {
            return AcceptMutex.open(setup.acceptMutex(), gate);
        } catch (IOException e) {
            throw new IllegalStateException("cannot open the accept mutex " + setup.acceptMutex() + ": " + e, e);
        }
    }

    /** A server to start on the application's configuration ({@code ConfigFactory.load()}) unless told another. */
    public static Builder builder() {
        return new Builder();
    }

    /** What an embedding application starts a server with; not for use from several threads at once. */
    public static final class Builder {
        private Config config;
        private final List<Handler> handlers = new ArrayList<>();

        private Builder() {
        }

        /**
         * The configuration to read {@code pollux} from, validated on {@link #start} against the modules'
         * references; by default {@code ConfigFactory.load()}: {@code application.conf} and system properties.
         */
        public Builder config(Config config) {
            this.config = config;
            return this;
        }

        /** Adds an application handler, tried after the modules' and before static files, in the order added. */
        public Builder handler(Handler handler) {
            handlers.add(handler);
            return this;
        }

        /**
         * Binds the listeners and starts serving; returns once the server accepts.
         *
         * @throws ConfigException naming key, origin and what is allowed, for a bad value
         * @throws IllegalStateException when an address cannot be bound
         */
        public PolluxServer start() {
            return PolluxServer.start(PolluxConfig.validate(config == null ? ConfigFactory.load() : config),
                    handlers);
        }
    }

    /**
     * Starts a server on a configuration that {@link dev.pollux.core.config.PolluxConfig} validated.
     *
     * @param applicationHandlers handlers tried after the modules' and before static files; closed when the
     *                            server stops
     * @throws ConfigException naming key, origin and what is allowed, for a bad value
     */
    public static PolluxServer start(Config config, List<Handler> applicationHandlers) {
        return new PolluxServer(config, applicationHandlers, null);
    }

    /**
     * Starts a child process's server on the parent's configuration (validated), with its share of the workers,
     * its record in the parent's scoreboard, and the parent's listening sockets.
     */
    public static PolluxServer startChild(Config config, ChildSetup child) {
        return new PolluxServer(config, List.of(), child);
    }

    /**
     * Checks a configuration as {@code pollux -t} does: every setting, the TLS certificate and key (proved by a
     * handshake in memory), the document root, the media types, the transport and the module handlers' settings,
     * without binding or starting anything.
     *
     * @throws ConfigException naming key, origin and what is allowed
     * @throws IllegalStateException when the configured transport does not load here
     */
    public static void check(Config config) {
        Generation.Settings settings = Generation.Settings.read(config);
        MpmSettings mpm = settings.mpm();
        Scoreboard scoreboard = new Scoreboard(mpm.maxRequestWorkers(), mpm.pollers(),
                settings.core().extendedStatus());
        Generation.tlsContext(settings);
        Generation.check(settings, scoreboard);
        Transport.Loaded transport = mpm.transport().load();
        if (mpm.children().enabled() && transport.sharing().isEmpty()) {
            throw new IllegalStateException("pollux.mpm.server-limit > 1 needs the epoll or kqueue transport, to "
                    + "hand the listening sockets to the children; " + transport.name() + " cannot");
        }
    }

    /**
     * A graceful restart, httpd's {@code apachectl -k graceful}: builds the next generation from {@code config}
     * (validated by {@link dev.pollux.core.config.PolluxConfig}) and puts it in force. Listeners whose address is
     * unchanged stay open throughout; new addresses are bound first, and removed ones closed last (their
     * connections carry on). Requests in progress finish under the old generation; every new connection and the
     * next request of every open one are served under the new one. The worker pool moves to the new sizes by the
     * spare-thread rules. {@code mpm.transport} and {@code mpm.pollers} keep the values the server started with.
     *
     * <p>If anything fails (a bad value, a document root that is gone, an address already in use) nothing
     * changes: the running generation keeps serving and the exception says why.
     *
     * @return the new generation's number (httpd's ParentServerMPMGeneration)
     * @throws ConfigException naming key, origin and what is allowed
     * @throws IllegalStateException when a new listen address cannot be bound, or the server is stopped
     */
    public synchronized int reload(Config config) {
        if (stopped) {
            throw new IllegalStateException("the server is stopped");
        }
        Generation.Settings settings = Generation.Settings.read(config);
        MpmSettings mpm = settings.mpm();
        keptAtStart(mpm);
        Generation next = Generation.open(scoreboard.generation() + 1, settings, scoreboard, applicationHandlers);
        Map<ListenAddress, Channel> added = new LinkedHashMap<>();
        try {
            for (ListenAddress address : ListenAddress.of(mpm)) {
                if (!listeners.containsKey(address)) {
                    added.put(address, bind(address, mpm));
                }
            }
        } catch (RuntimeException e) {
            added.values().forEach(listener -> listener.close().syncUninterruptibly());
            next.close();
            throw e;
        }
        Generation previous = generation;
        scoreboard.resize(mpm.maxRequestWorkers());
        workers.resize(mpm);
        gate.maxConnections(mpm.connectionLimit());
        generation = next;
        install(next);
        // Once every poller serves it: the page never shows a generation that is not yet in force.
        scoreboard.restarted(settings.core().extendedStatus());
        added.forEach((address, listener) -> {
            listeners.put(address, listener);
            gate.add(listener);
        });
        List<ListenAddress> removed = new ArrayList<>(listeners.keySet());
        removed.removeAll(ListenAddress.of(mpm));
        for (ListenAddress address : removed) {
            gate.remove(listeners.remove(address));
        }
        listenersChanged();
        lowWaterOnKeptListeners(mpm, added.keySet());
        previous.retire();
        retiring.add(previous);
        log.info("Graceful restart: generation {} in force, listening on {}{}{}", next.number(), listening(),
                added.isEmpty() ? "" : " (new: " + added.keySet() + ")",
                removed.isEmpty() ? "" : " (closed: " + removed + ")");
        return next.number();
    }

    /** The keys a graceful restart cannot change: a new value is logged and waits for a full restart. */
    private void keptAtStart(MpmSettings next) {
        MpmSettings running = generation.settings().mpm();
        if (next.pollers() != running.pollers() || next.transport() != running.transport()) {
            log.warn("mpm.pollers and mpm.transport change only with a full restart (bin/pollux -k restart); "
                    + "keeping {} poller(s) on {}", running.pollers(), transport.name());
        }
        if (next.type() != running.type() || next.children().enabled()) {
            throw new IllegalStateException("mpm.type and mpm.server-limit change only with a full restart "
                    + "(bin/pollux -k restart); running " + running.type().statusName() + " in one process");
        }
    }

    /** tcp-notsent-lowat is a listener option inherited by accepted sockets: listeners kept get the new value. */
    private void lowWaterOnKeptListeners(MpmSettings mpm, Set<ListenAddress> added) {
        if (mpm.notSentLowWater() > 0 && transport.notSentLowWater().isPresent()) {
            listeners.forEach((address, listener) -> {
                if (!added.contains(address)) {
                    listener.config().setOption(transport.notSentLowWater().get(), mpm.notSentLowWater());
                }
            });
        }
    }

    /** Puts {@code next} in force on every poller, and returns once they all serve it. */
    private void install(Generation next) {
        for (Poller poller : pollers) {
            poller.loop().submit(() -> poller.install(next)).syncUninterruptibly();
        }
    }

    /**
     * Binds a listener with {@code mpm}'s backlog and socket options.
     *
     * @throws IllegalStateException naming the address, when it cannot be bound
     */
    private Channel bind(ListenAddress address, MpmSettings mpm) {
        return address.bind(listener(address, mpm), transport, mpm);
    }

    /**
     * A child's listener over the parent's listening socket {@code descriptor}, bound and listening already.
     *
     * @throws IllegalStateException when the transport cannot take it, or it does not register
     */
    private Channel adopt(ListenAddress address, MpmSettings mpm, int descriptor) {
        Transport.Sharing sharing = transport.sharing().orElseThrow(() -> new IllegalStateException(
                "the " + transport.name() + " transport cannot take a listening socket from the parent"));
        ChannelFuture registered = listener(address, mpm)
                .channelFactory(() -> sharing.adopt().apply(descriptor)).register().awaitUninterruptibly();
        if (!registered.isSuccess()) {
            throw new IllegalStateException("cannot accept on the parent's " + address + ": "
                    + registered.cause().getMessage(), registered.cause());
        }
        return registered.channel();
    }

    /** What every listener has: its handlers, the accepted connections' options and pipeline. */
    private ServerBootstrap listener(ListenAddress address, MpmSettings mpm) {
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(group)
                .handler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel listener) {
                        listener.pipeline().addLast(acceptFailures, new ListenerWakeups(gate, scoreboard));
                    }
                })
                // TCP_NODELAY is not set here: every transport's accepted-socket config enables it already, and
                // setting it again would be one more system call per connection.
                .childOption(ChannelOption.ALLOW_HALF_CLOSURE, true)
                .childAttr(PipelineInitializer.TLS, address.tls())
                .childHandler(pipeline);
        if (mpm.notSentLowWater() > 0) {
            transport.notSentLowWater().ifPresentOrElse(
                    option -> bootstrap.option(option, mpm.notSentLowWater()),
                    () -> log.debug("tcp-notsent-lowat is not set: the {} transport has no such option",
                            transport.name()));
        }
        return bootstrap;
    }

    /** Once a second: the spare-thread pass, and closing the old generations no connection holds any more. */
    private void maintain() {
        workers.maintain();
        for (Generation old : retiring) {
            if (old.drained()) {
                retiring.remove(old);
                old.close();
                log.debug("Generation {} drained and closed", old.number());
            }
        }
    }

    /** The bound addresses of the cleartext listeners, in the order the configuration names them. */
    public List<InetSocketAddress> addresses() {
        return addresses;
    }

    /** The bound addresses of the TLS listeners ({@code ssl.listen}), in the order the configuration names them. */
    public List<InetSocketAddress> tlsAddresses() {
        return tlsAddresses;
    }

    /** Records the listeners' bound addresses, for {@link #addresses} to read without the server's lock. */
    private void listenersChanged() {
        List<InetSocketAddress> cleartext = new ArrayList<>();
        List<InetSocketAddress> tls = new ArrayList<>();
        listeners.forEach((address, listener) ->
                (address.tls() ? tls : cleartext).add((InetSocketAddress) listener.localAddress()));
        addresses = List.copyOf(cleartext);
        tlsAddresses = List.copyOf(tls);
    }

    private String listening() {
        return tlsAddresses.isEmpty() ? addresses.toString() : addresses + " and with TLS on " + tlsAddresses;
    }

    /** The port of the first cleartext listener, e.g. the one the OS chose for {@code listen = ["127.0.0.1:0"]}. */
    public int port() {
        return addresses().get(0).getPort();
    }

    /** The transport the pollers use: epoll, kqueue, nio or io_uring. */
    public String transport() {
        return transport.name();
    }

    public Scoreboard scoreboard() {
        return scoreboard;
    }

    /** Waits until the server has stopped (by {@link #stop}, from another thread or a signal handler). */
    public void await() throws InterruptedException {
        terminated.await();
    }

    /**
     * Graceful stop: stop accepting, close connections waiting for a request, let in-flight requests finish with
     * {@code Connection: close}, then close whatever is left after {@code graceful-shutdown-timeout}. Idempotent.
     */
    public void stop() {
        stop(generation.settings().mpm().gracefulShutdownTimeout());
    }

    /**
     * Stops as {@link #stop()} does, but closes what is still open after {@code gracePeriod}; with
     * {@link Duration#ZERO}, httpd's immediate stop: requests in progress are cut off. A call during a stop already
     * under way shortens its wait to {@code gracePeriod} if that ends sooner, and returns when it is done.
     * Idempotent.
     */
    public void stop(Duration gracePeriod) {
        long deadline = System.nanoTime() + gracePeriod.toNanos();
        stopDeadline.accumulateAndGet(deadline, (current, proposed) ->
                current == NO_DEADLINE || proposed - current < 0 ? proposed : current);
        synchronized (this) {
            if (stopped) {
                return;
            }
            stopped = true;
            drainAndClose();
        }
    }

    private void drainAndClose() {
        // Listeners first: once responses say Connection: close, clients reconnect at once, and a connection
        // queued on a listener that closes afterwards is reset by the kernel.
        gate.close();
        if (acceptMutex != null) {
            acceptMutex.close();
        }
        scoreboard.stopping(true);
        pollers.forEach(poller -> poller.loop().execute(poller::closeIdle));
        while (scoreboard.openConnections() > 0 && System.nanoTime() - stopDeadline.get() < 0) {
            sleepBriefly();
        }
        long left = scoreboard.openConnections();
        if (left > 0) {
            log.warn("Graceful stop timed out; closing {} connection(s) still open", left);
            pollers.forEach(poller -> poller.loop().execute(poller::closeAll));
        }
        maintenance.shutdownNow();
        try {
            // Its pass may be closing a drained generation: let it finish, so that none is closed twice.
            maintenance.awaitTermination(1, TimeUnit.SECONDS);
            workers.stop(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        } finally {
            closeGenerations();
            terminated.countDown();
        }
        log.info("Stopped");
    }

    /**
     * Closes every generation and then the application's handlers; a failure is logged and does not keep the rest
     * open, nor the stop from finishing.
     */
    private void closeGenerations() {
        List<Generation> all = new ArrayList<>(retiring);
        all.add(generation);
        for (Generation each : all) {
            closeLogged("generation " + each.number(), each::close);
        }
        closeLogged("the application's handlers", new HandlerChain(applicationHandlers)::close);
    }

    private static void closeLogged(String what, Runnable close) {
        try {
            close.run();
        } catch (RuntimeException e) {
            log.error("Closing {} failed", what, e);
        }
    }

    @Override
    public void close() {
        stop();
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
