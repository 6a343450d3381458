package dev.pollux.mpm.event;

import dev.pollux.core.scoreboard.Scoreboard;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

/**
 * On each listener, ahead of Netty's acceptor: tells the {@link AcceptGate} of each connection as it is accepted,
 * and counts on the scoreboard each time the listener woke its poller and how many connections that brought.
 * Where children share one listening socket, a wake-up that brought none is the thundering herd: another child
 * took the connection first. One per listener, on its event loop only.
 */
final class ListenerWakeups extends ChannelInboundHandlerAdapter {

    private final AcceptGate gate;
    private final Scoreboard scoreboard;
    private int accepted;

    ListenerWakeups(AcceptGate gate, Scoreboard scoreboard) {
        this.gate = gate;
        this.scoreboard = scoreboard;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object connection) {
        accepted++;
        gate.accepted(ctx.channel(), (Channel) connection);
        ctx.fireChannelRead(connection);
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        scoreboard.listenerWoke(accepted);
        accepted = 0;
        ctx.fireChannelReadComplete();
    }
}
