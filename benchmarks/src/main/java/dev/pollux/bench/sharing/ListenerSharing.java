package dev.pollux.bench.sharing;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.unix.UnixChannel;
import io.netty.util.ReferenceCountUtil;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Two "children", each an epoll event loop of its own, accept on port P; the first is busy (it accepts nothing
 * more, as a prefork child serving a connection or an event child whose workers are all taken), the second is
 * idle. A client then opens {@code N} connections one after another and counts those answered within 1 s:
 *
 * <pre>
 *   java -cp benchmarks/target/benchmarks.jar dev.pollux.bench.sharing.ListenerSharing [N]
 * </pre>
 *
 * With one shared socket (one descriptor in both pollsets) every connection waits in the one queue the idle child
 * polls: all are answered. With a socket per child ({@code SO_REUSEPORT}) the kernel picks the socket by a hash of
 * the connection's addresses, whatever the child is doing: about half wait in the busy child's queue. Prints one
 * {@code RESULT} line per mode.
 */
public final class ListenerSharing {

    private ListenerSharing() {
    }

    public static void main(String[] args) throws Exception {
        int connections = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        for (boolean reusePort : new boolean[] {false, true}) {
            measure(reusePort, connections);
        }
    }

    private static void measure(boolean reusePort, int connections) throws Exception {
        MultiThreadIoEventLoopGroup busy = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
        MultiThreadIoEventLoopGroup idle = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
        List<Channel> listeners = new ArrayList<>();
        try {
            Channel busyListener = bootstrap(busy, reusePort).channel(EpollServerSocketChannel.class)
                    .bind("127.0.0.1", 0).sync().channel();
            busyListener.config().setAutoRead(false);
            listeners.add(busyListener);
            int port = ((InetSocketAddress) busyListener.localAddress()).getPort();
            if (reusePort) {
                listeners.add(bootstrap(idle, true).channel(EpollServerSocketChannel.class)
                        .bind("127.0.0.1", port).sync().channel());
            } else {
                int descriptor = ((UnixChannel) busyListener).fd().intValue();
                listeners.add(bootstrap(idle, false).channelFactory(() -> new EpollServerSocketChannel(descriptor))
                        .register().sync().channel());
            }
            int answered = 0;
            List<Socket> open = new ArrayList<>();
            for (int i = 0; i < connections; i++) {
                Socket socket = new Socket("127.0.0.1", port);
                open.add(socket);
                socket.setSoTimeout(1000);
                socket.getOutputStream().write("x".getBytes(StandardCharsets.US_ASCII));
                if (answeredWithin(socket.getInputStream())) {
                    answered++;
                }
            }
            for (Socket socket : open) {
                socket.close();
            }
            System.out.printf("RESULT mode=%s connections=%d answered_by_idle_child=%d waiting_behind_busy=%d%n",
                    reusePort ? "so_reuseport" : "shared_socket", connections, answered, connections - answered);
        } finally {
            // The adopted channel shares the busy one's descriptor: close that once only.
            listeners.get(0).close().sync();
            busy.shutdownGracefully().sync();
            idle.shutdownGracefully().sync();
        }
    }

    private static boolean answeredWithin(InputStream in) throws Exception {
        try {
            return in.read() >= 0;
        } catch (SocketTimeoutException e) {
            return false;
        }
    }

    /** A child's listener that answers every connection's first byte with one byte; its channel still to set. */
    private static ServerBootstrap bootstrap(MultiThreadIoEventLoopGroup group, boolean reusePort) {
        ServerBootstrap bootstrap = new ServerBootstrap().group(group)
                .option(ChannelOption.SO_BACKLOG, 1024)
                .childHandler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel connection) {
                        connection.pipeline().addLast(new ChannelInboundHandlerAdapter() {
                            @Override
                            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                                ReferenceCountUtil.release(msg);
                                ctx.writeAndFlush(ctx.alloc().buffer(1).writeByte('!'));
                            }
                        });
                    }
                });
        if (reusePort) {
            bootstrap.option(EpollChannelOption.SO_REUSEPORT, true);
        }
        return bootstrap;
    }
}
