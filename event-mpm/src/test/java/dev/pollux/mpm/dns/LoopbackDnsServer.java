package dev.pollux.mpm.dns;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.handler.codec.dns.DatagramDnsQuery;
import io.netty.handler.codec.dns.DatagramDnsQueryDecoder;
import io.netty.handler.codec.dns.DatagramDnsResponse;
import io.netty.handler.codec.dns.DatagramDnsResponseEncoder;
import io.netty.handler.codec.dns.DefaultDnsPtrRecord;
import io.netty.handler.codec.dns.DefaultDnsQuestion;
import io.netty.handler.codec.dns.DefaultDnsRawRecord;
import io.netty.handler.codec.dns.DnsQuestion;
import io.netty.handler.codec.dns.DnsRecord;
import io.netty.handler.codec.dns.DnsRecordType;
import io.netty.handler.codec.dns.DnsResponseCode;
import io.netty.handler.codec.dns.DnsSection;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A name server on a loopback UDP port for the tests: PTR records for IPv4 addresses and A records for names, as a
 * test sets them, NXDOMAIN for anything else, and a count of the questions it was asked. It can hold its answers
 * back, so that a test sees a lookup in flight.
 */
public final class LoopbackDnsServer implements AutoCloseable {

    private record Ptr(String name, long ttlSeconds) {
    }

    private static final long A_TTL_SECONDS = 60;

    private final Map<String, Ptr> pointers = new ConcurrentHashMap<>();
    private final Map<String, InetAddress> addresses = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> questions = new ConcurrentHashMap<>();
    private final AtomicInteger total = new AtomicInteger();
    /** Written and read on the server's event loop only. */
    private final List<DatagramDnsResponse> held = new ArrayList<>();
    private volatile boolean holding;
    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final Channel channel;

    public LoopbackDnsServer() throws InterruptedException {
        channel = new Bootstrap().group(group).channel(NioDatagramChannel.class)
                .handler(new ChannelInitializer<DatagramChannel>() {
                    @Override
                    protected void initChannel(DatagramChannel ch) {
                        ch.pipeline().addLast(new DatagramDnsQueryDecoder(), new DatagramDnsResponseEncoder(),
                                new Answering());
                    }
                })
                .bind(InetAddress.getLoopbackAddress(), 0).sync().channel();
    }

    public InetSocketAddress address() {
        return (InetSocketAddress) channel.localAddress();
    }

    /** Answers the PTR question for {@code address} with {@code name} (absolute, with its trailing dot). */
    public void pointer(Inet4Address address, String name, long ttlSeconds) {
        pointers.put(reverseName(address), new Ptr(name, ttlSeconds));
    }

    /** Answers the A question for {@code name} with {@code address}. */
    public void address(String name, Inet4Address address) {
        addresses.put(name, address);
    }

    /** Every question asked so far. */
    public int questions() {
        return total.get();
    }

    /** The PTR questions asked for {@code address}. */
    int questionsFor(Inet4Address address) {
        return questionsFor(reverseName(address));
    }

    /** The questions of any type asked for {@code name}. */
    int questionsFor(String name) {
        AtomicInteger count = questions.get(name);
        return count == null ? 0 : count.get();
    }

    /** Keeps every answer until {@link #release}. */
    public void hold() {
        holding = true;
    }

    /** Sends the answers held back, and the next ones at once again. */
    public void release() {
        channel.eventLoop().execute(() -> {
            holding = false;
            held.forEach(channel::write);
            held.clear();
            channel.flush();
        });
    }

    @Override
    public void close() {
        channel.eventLoop().submit(() -> {
            held.forEach(DatagramDnsResponse::release);
            held.clear();
        }).syncUninterruptibly();
        channel.close().syncUninterruptibly();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    /** Built here rather than with the code under test, so that a wrong reverse name is not answered. */
    private static String reverseName(Inet4Address address) {
        byte[] b = address.getAddress();
        return (b[3] & 0xff) + "." + (b[2] & 0xff) + "." + (b[1] & 0xff) + "." + (b[0] & 0xff) + ".in-addr.arpa.";
    }

    private final class Answering extends SimpleChannelInboundHandler<DatagramDnsQuery> {

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, DatagramDnsQuery query) {
            DnsQuestion question = query.recordAt(DnsSection.QUESTION);
            String name = question.name().toLowerCase(Locale.ROOT);
            questions.computeIfAbsent(name, n -> new AtomicInteger()).incrementAndGet();
            total.incrementAndGet();
            DatagramDnsResponse response = new DatagramDnsResponse(query.recipient(), query.sender(), query.id());
            response.setRecursionDesired(query.isRecursionDesired()).setRecursionAvailable(true);
            response.addRecord(DnsSection.QUESTION, new DefaultDnsQuestion(question.name(), question.type()));
            answer(response, question.name(), name, question.type());
            if (holding) {
                held.add(response);
            } else {
                ctx.writeAndFlush(response);
            }
        }

        private void answer(DatagramDnsResponse response, String asked, String name, DnsRecordType type) {
            Ptr ptr = pointers.get(name);
            InetAddress address = addresses.get(name);
            if (ptr == null && address == null) {
                response.setCode(DnsResponseCode.NXDOMAIN);
            } else if (ptr != null && type == DnsRecordType.PTR) {
                response.addRecord(DnsSection.ANSWER,
                        new DefaultDnsPtrRecord(asked, DnsRecord.CLASS_IN, ptr.ttlSeconds(), ptr.name()));
            } else if (address != null && type == DnsRecordType.A) {
                response.addRecord(DnsSection.ANSWER, new DefaultDnsRawRecord(asked, DnsRecordType.A,
                        A_TTL_SECONDS, Unpooled.wrappedBuffer(address.getAddress())));
            }
            // A name that exists but has no record of the type asked: NOERROR with an empty answer.
        }
    }
}
