package dev.pollux.mpm.dns;

import io.netty.channel.AddressedEnvelope;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.handler.codec.dns.DefaultDnsQuestion;
import io.netty.handler.codec.dns.DnsRecordType;
import io.netty.handler.codec.dns.DnsResponse;
import io.netty.resolver.ResolvedAddressTypes;
import io.netty.resolver.dns.DnsNameResolver;
import io.netty.resolver.dns.DnsNameResolverBuilder;
import io.netty.resolver.dns.DnsServerAddressStreamProvider;
import io.netty.resolver.dns.DnsServerAddressStreamProviders;
import io.netty.resolver.dns.NoopDnsCache;
import io.netty.resolver.dns.SequentialDnsServerAddressStreamProvider;
import io.netty.util.concurrent.FastThreadLocalThread;
import io.netty.util.concurrent.Future;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code hostname-lookups = on | double}: /etc/hosts first, then a PTR query through Netty's resolver on the
 * {@code pollux-dns} event loop, the answer kept in a {@link NameCache}. {@link #lookup} and {@link #nameOf} run on
 * any thread; everything else here runs on the event loop, where the resolver completes its futures.
 */
final class ResolvingClientNames implements ClientNames {

    /** An unanswered lookup is the client's business, not the server's: DEBUG on the per-connection logger. */
    private static final Logger io = LoggerFactory.getLogger("dev.pollux.io");
    private static final long CLOSE_WAIT_SECONDS = 2;

    private final boolean doubleReverse;
    private final DnsSettings settings;
    private final Map<InetAddress, String> hosts;
    private final NameCache cache;
    private final EventLoopGroup group;
    private final EventLoop loop;
    private final DnsNameResolver resolver;

    ResolvingClientNames(boolean doubleReverse, DnsSettings settings, Map<InetAddress, String> hosts) {
        this.doubleReverse = doubleReverse;
        this.settings = settings;
        this.hosts = hosts;
        cache = new NameCache(settings.cacheSize());
        group = new MultiThreadIoEventLoopGroup(1, ResolvingClientNames::dnsThread, NioIoHandler.newFactory());
        loop = group.next();
        resolver = new DnsNameResolverBuilder(loop)
                .datagramChannelType(NioDatagramChannel.class)
                .queryTimeoutMillis(settings.queryTimeout().toMillis())
                .nameServerProvider(nameServers(settings.resolvers()))
                // A and AAAA both: a client's address may be of either family, whatever this host's default.
                .resolvedAddressTypes(ResolvedAddressTypes.IPV4_PREFERRED)
                // The outcome is cached here, as long as the name's own TTL; a second cache would only outlive it.
                .resolveCache(NoopDnsCache.INSTANCE)
                .build();
    }

    @Override
    public void lookup(InetAddress address) {
        if (!cache.claim(address)) {
            return;
        }
        try {
            loop.execute(() -> resolve(address));
        } catch (RejectedExecutionException closed) {
            cache.release(address);
        }
    }

    @Override
    public String nameOf(InetAddress address) {
        return cache.nameOf(address);
    }

    @Override
    public void close() {
        resolver.close();
        group.shutdownGracefully(0, CLOSE_WAIT_SECONDS, TimeUnit.SECONDS)
                .awaitUninterruptibly(CLOSE_WAIT_SECONDS, TimeUnit.SECONDS);
    }

    private void resolve(InetAddress address) {
        String local = hosts.get(address);
        if (local != null) {
            // The hosts file is this machine's own word: no double check, kept as long as any name.
            cache.put(address, local, settings.maxTtl());
            return;
        }
        Future<AddressedEnvelope<DnsResponse, InetSocketAddress>> answer =
                resolver.query(new DefaultDnsQuestion(ReverseName.of(address), DnsRecordType.PTR));
        answer.addListener(done -> onPtr(address, answer));
    }

    private void onPtr(InetAddress address, Future<AddressedEnvelope<DnsResponse, InetSocketAddress>> answer) {
        if (!answer.isSuccess()) {
            io.debug("No name for {}: {}", address.getHostAddress(), answer.cause().toString());
            cache.put(address, null, settings.negativeTtl());
            return;
        }
        AddressedEnvelope<DnsResponse, InetSocketAddress> envelope = answer.getNow();
        PtrAnswer ptr;
        try {
            ptr = PtrAnswer.of(envelope.content(), settings.maxTtl());
        } finally {
            envelope.release();
        }
        if (ptr == null) {
            io.debug("No name for {}: no usable PTR record", address.getHostAddress());
            cache.put(address, null, settings.negativeTtl());
        } else if (doubleReverse) {
            // The trailing dot makes the name absolute, so that resolv.conf's search domains are not tried.
            Future<List<InetAddress>> forward = resolver.resolveAll(ptr.name() + ".");
            forward.addListener(done -> onForward(address, ptr, forward));
        } else {
            cache.put(address, ptr.name(), ptr.ttl());
        }
    }

    /** httpd's double-reverse lookup: a name that does not lead back to the client is not used. */
    private void onForward(InetAddress address, PtrAnswer ptr, Future<List<InetAddress>> forward) {
        if (forward.isSuccess() && forward.getNow().contains(address)) {
            cache.put(address, ptr.name(), ptr.ttl());
            return;
        }
        io.debug("No name for {}: {} leads elsewhere, its forward lookup gave {}", address.getHostAddress(),
                ptr.name(), forward.isSuccess() ? forward.getNow() : forward.cause().toString());
        cache.put(address, null, settings.negativeTtl());
    }

    private static DnsServerAddressStreamProvider nameServers(List<InetSocketAddress> resolvers) {
        return resolvers.isEmpty() ? DnsServerAddressStreamProviders.platformDefault()
                : new SequentialDnsServerAddressStreamProvider(resolvers);
    }

    /** A daemon: a lookup left unanswered must not keep the process alive if close() is never reached. */
    private static Thread dnsThread(Runnable runnable) {
        Thread thread = new FastThreadLocalThread(runnable, "pollux-dns");
        thread.setDaemon(true);
        return thread;
    }
}
