package dev.pollux.mpm.event;

import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollDomainSocketChannel;
import io.netty.channel.epoll.EpollServerDomainSocketChannel;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.kqueue.KQueue;
import io.netty.channel.kqueue.KQueueIoHandler;
import io.netty.channel.kqueue.KQueueDomainSocketChannel;
import io.netty.channel.kqueue.KQueueServerDomainSocketChannel;
import io.netty.channel.kqueue.KQueueServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.unix.IntegerUnixChannelOption;
import io.netty.channel.uring.IoUring;
import io.netty.channel.uring.IoUringIoHandler;
import io.netty.channel.uring.IoUringServerSocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.IntFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The poller's I/O mechanism ({@code pollux.mpm.transport}). */
public enum Transport {
    /** The best native transport that loads here: epoll, then kqueue, then nio. */
    AUTO,
    /** Linux epoll through Netty's native transport. */
    EPOLL,
    /** macOS / BSD kqueue through Netty's native transport. */
    KQUEUE,
    /** Java NIO selectors: works everywhere. */
    NIO,
    /** Linux io_uring; only when asked for, since containers often forbid it. */
    IO_URING;

    private static final Logger log = LoggerFactory.getLogger(Transport.class);

    /**
     * Linux's TCP_NOTSENT_LOWAT ({@code IPPROTO_TCP} 6, option 25), as an integer socket option the epoll and
     * io_uring listeners accept. Set on the listener: Linux gives each accepted socket a copy of the listener's TCP
     * options, so it costs one system call at bind instead of one per connection (Netty's own option applies only
     * to connected channels).
     */
    private static final ChannelOption<Integer> LISTENER_NOT_SENT_LOW_WATER =
            new IntegerUnixChannelOption("TCP_NOTSENT_LOWAT", 6, 25);
    /** Netty's switch for multishot accepts on io_uring; see {@link #singleShotAccepts}. */
    private static final String ACCEPT_MULTISHOT = "io.netty.iouring.acceptMultiShotEnabled";

    /**
     * A transport that loaded.
     *
     * @param name             as in the configuration
     * @param ioHandlerFactory the event loops' I/O handler
     * @param serverChannel    the listener channel class
     * @param notSentLowWater  the listener option that sets TCP_NOTSENT_LOWAT on every accepted connection, empty
     *                         where the transport has none
     * @param sharing          how a parent hands its listening sockets to children; empty where the transport
     *                         cannot (nio, io_uring)
     */
    public record Loaded(String name, IoHandlerFactory ioHandlerFactory, Class<? extends ServerChannel> serverChannel,
                         Optional<ChannelOption<Integer>> notSentLowWater, Optional<Sharing> sharing) {
    }

    /**
     * What passing listening sockets between processes takes: Unix domain sockets, over which a file descriptor
     * travels ({@code SCM_RIGHTS}), and a listener channel made from a descriptor received.
     *
     * @param domainServer the parent's domain socket listener
     * @param domainClient a child's domain socket
     * @param adopt        a listener channel over a listening socket's descriptor
     */
    public record Sharing(Class<? extends ServerChannel> domainServer, Class<? extends Channel> domainClient,
                          IntFunction<ServerChannel> adopt) {
    }

    /**
     * Loads this transport; {@link #AUTO} falls through epoll, kqueue and nio and logs why a better one was
     * not taken.
     *
     * @throws IllegalStateException when an explicitly named transport does not load here, with Netty's reason
     */
    public Loaded load() {
        return switch (this) {
            case AUTO -> loadBest();
            case EPOLL -> require("epoll", Epoll.isAvailable(), Epoll.unavailabilityCause(), this::epoll);
            case KQUEUE -> require("kqueue", KQueue.isAvailable(), KQueue.unavailabilityCause(), this::kqueue);
            case IO_URING -> {
                singleShotAccepts();
                yield require("io_uring", IoUring.isAvailable(), IoUring.unavailabilityCause(), this::ioUring);
            }
            case NIO -> require("nio", true, null, this::nio);
        };
    }

    private Loaded loadBest() {
        List<String> skipped = new ArrayList<>();
        Loaded chosen;
        if (Epoll.isAvailable()) {
            chosen = epoll();
        } else {
            skipped.add("epoll: " + Epoll.unavailabilityCause());
            if (KQueue.isAvailable()) {
                chosen = kqueue();
            } else {
                skipped.add("kqueue: " + KQueue.unavailabilityCause());
                chosen = nio();
            }
        }
        if (skipped.isEmpty()) {
            log.info("Transport {} (auto)", chosen.name());
        } else {
            log.info("Transport {} (auto); not available here: {}", chosen.name(), skipped);
        }
        return chosen;
    }

    private Loaded require(String name, boolean available, Throwable cause, java.util.function.Supplier<Loaded> loader) {
        if (!available) {
            throw new IllegalStateException("pollux.mpm.transport = " + name + " is not available here: " + cause, cause);
        }
        Loaded loaded = loader.get();
        log.info("Transport {}", name);
        return loaded;
    }

    private Loaded epoll() {
        return new Loaded("epoll", EpollIoHandler.newFactory(), EpollServerSocketChannel.class,
                Optional.of(LISTENER_NOT_SENT_LOW_WATER), Optional.of(new Sharing(EpollServerDomainSocketChannel.class,
                        EpollDomainSocketChannel.class, EpollServerSocketChannel::new)));
    }

    private Loaded kqueue() {
        return new Loaded("kqueue", KQueueIoHandler.newFactory(), KQueueServerSocketChannel.class, Optional.empty(),
                Optional.of(new Sharing(KQueueServerDomainSocketChannel.class, KQueueDomainSocketChannel.class,
                        KQueueServerSocketChannel::new)));
    }

    /**
     * Netty's io_uring re-arms a multishot accept that completed with an error even while the listener's reading
     * is off, so with file descriptors exhausted it retries EMFILE at full speed instead of backing off (measured:
     * two million failures in three seconds); a single-shot accept honours the pause. Netty reads the choice once,
     * when its io_uring support initialises, so it is made here unless the user made it.
     */
    private static void singleShotAccepts() {
        if (System.getProperty(ACCEPT_MULTISHOT) == null) {
            System.setProperty(ACCEPT_MULTISHOT, "false");
            log.info("io_uring accepts made single-shot ({}=false), so that accepting can pause", ACCEPT_MULTISHOT);
        }
    }

    private Loaded ioUring() {
        if (IoUring.isAcceptMultishotEnabled()) {
            log.warn("io_uring accepts are multishot ({} is true, or Netty's io_uring was initialised earlier): "
                    + "if file descriptors run out, accepting will retry without pausing", ACCEPT_MULTISHOT);
        }
        return new Loaded("io_uring", IoUringIoHandler.newFactory(), IoUringServerSocketChannel.class,
                Optional.of(LISTENER_NOT_SENT_LOW_WATER), Optional.empty());
    }

    private Loaded nio() {
        return new Loaded("nio", NioIoHandler.newFactory(), NioServerSocketChannel.class, Optional.empty(),
                Optional.empty());
    }
}
