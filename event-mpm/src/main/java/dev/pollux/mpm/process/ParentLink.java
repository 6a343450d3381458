package dev.pollux.mpm.process;

import dev.pollux.mpm.event.Transport;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.unix.DomainSocketAddress;
import io.netty.channel.unix.DomainSocketReadMode;
import io.netty.channel.unix.FileDescriptor;
import io.netty.channel.unix.UnixChannelOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.IntFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Unix domain socket between the parent and its children. A child connects and says which slot it is (four
 * bytes); the parent answers with the descriptors of the listening sockets of that child's generation, passed
 * with {@code SCM_RIGHTS}, and then holds the connection open: when the parent goes, the child sees the end of it
 * and stops gracefully, as httpd's children do when their pipe of death closes.
 */
final class ParentLink {

    private static final Logger log = LoggerFactory.getLogger(ParentLink.class);

    private ParentLink() {
    }

    /**
     * The parent's side: listens on {@code path}; a child of slot {@code s} is sent {@code listeners.apply(s)}
     * (null: no such child, the connection is closed).
     */
    static Channel serve(Path path, Transport.Sharing sharing, EventLoopGroup group,
                         IntFunction<List<Integer>> listeners) {
        ChannelFuture bound = new ServerBootstrap().group(group).channel(sharing.domainServer())
                .childHandler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel child) {
                        child.pipeline().addLast(new Hello(listeners));
                    }
                }).bind(new DomainSocketAddress(path.toFile())).syncUninterruptibly();
        return bound.channel();
    }

    /** Reads a child's slot number, then sends that child its listeners. One per child connection. */
    private static final class Hello extends ChannelInboundHandlerAdapter {
        private final ByteBuf slot = Unpooled.buffer(Integer.BYTES);
        private final IntFunction<List<Integer>> listeners;

        Hello(IntFunction<List<Integer>> listeners) {
            this.listeners = listeners;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf bytes = (ByteBuf) msg;
            try {
                slot.writeBytes(bytes, Math.min(bytes.readableBytes(), slot.writableBytes()));
            } finally {
                bytes.release();
            }
            if (slot.readableBytes() == Integer.BYTES) {
                send(ctx.channel(), listeners.apply(slot.readInt()));
            }
        }
    }

    private static void send(Channel child, List<Integer> descriptors) {
        if (descriptors == null) {
            child.close();
            return;
        }
        for (int descriptor : descriptors) {
            child.write(new FileDescriptor(descriptor));
        }
        child.flush();
    }

    /**
     * The child's side: connects to {@code path}, says it is {@code slot}, and completes with the {@code count}
     * descriptors the parent sends; {@code parentGone} runs when the connection ends.
     */
    static CompletableFuture<List<Integer>> connect(Path path, Transport.Sharing sharing, EventLoopGroup group,
                                                    int slot, int count, Runnable parentGone) {
        CompletableFuture<List<Integer>> received = new CompletableFuture<>();
        List<Integer> descriptors = new ArrayList<>();
        ChannelFuture connected = new Bootstrap().group(group).channel(sharing.domainClient())
                .option(UnixChannelOption.DOMAIN_SOCKET_READ_MODE, DomainSocketReadMode.FILE_DESCRIPTORS)
                .handler(new ChannelInboundHandlerAdapter() {
                    @Override
                    public void channelActive(ChannelHandlerContext ctx) {
                        ctx.writeAndFlush(Unpooled.buffer(Integer.BYTES).writeInt(slot));
                    }

                    @Override
                    public void channelRead(ChannelHandlerContext ctx, Object msg) {
                        descriptors.add(((FileDescriptor) msg).intValue());
                        if (descriptors.size() == count) {
                            received.complete(List.copyOf(descriptors));
                        }
                    }

                    @Override
                    public void channelInactive(ChannelHandlerContext ctx) {
                        if (received.completeExceptionally(new IllegalStateException(
                                "the parent closed the link before sending its listeners"))) {
                            return;
                        }
                        parentGone.run();
                    }

                    @Override
                    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                        log.warn("The link to the parent failed: {}", cause.toString());
                        ctx.close();
                    }
                }).connect(new DomainSocketAddress(path.toFile()));
        connected.addListener(done -> {
            if (!done.isSuccess()) {
                received.completeExceptionally(done.cause());
            }
        });
        if (count == 0) {
            received.complete(List.of());
        }
        return received;
    }
}
