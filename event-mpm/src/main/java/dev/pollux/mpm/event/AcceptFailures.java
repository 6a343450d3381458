package dev.pollux.mpm.event;

import dev.pollux.core.scoreboard.Scoreboard;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * On every listener, ahead of Netty's acceptor: an accept that fails, most often for want of file descriptors
 * (EMFILE, ENFILE), pauses accepting through the {@link AcceptGate} for a second rather than retrying at once on a
 * listener that stays readable, and is logged at most once a minute with the number of failures since the last
 * line, and counted on the scoreboard ({@code accept_failures_total}). Connections wait in the listen backlog
 * meanwhile and are accepted once descriptors free up. Shared by the listeners; their poller threads only.
 */
@ChannelHandler.Sharable
final class AcceptFailures extends ChannelInboundHandlerAdapter {

    private static final Logger log = LoggerFactory.getLogger(AcceptFailures.class);
    private static final Duration BACK_OFF = Duration.ofSeconds(1);
    private static final long LOG_INTERVAL_NANOS = TimeUnit.MINUTES.toNanos(1);

    private final AcceptGate gate;
    private final Scoreboard scoreboard;
    private final AtomicLong failures = new AtomicLong();
    private final AtomicLong nextLogNanos = new AtomicLong(System.nanoTime());

    AcceptFailures(AcceptGate gate, Scoreboard scoreboard) {
        this.gate = gate;
        this.scoreboard = scoreboard;
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (!(cause instanceof IOException)) {
            ctx.fireExceptionCaught(cause);
            return;
        }
        scoreboard.acceptFailed();
        long failed = failures.incrementAndGet();
        long now = System.nanoTime();
        long next = nextLogNanos.get();
        if (now - next >= 0 && nextLogNanos.compareAndSet(next, now + LOG_INTERVAL_NANOS)) {
            failures.addAndGet(-failed);
            log.warn("Cannot accept connections on {}: {} ({} failure(s) since the last report); pausing accepts "
                    + "{} s at a time until it clears; raise the file-descriptor limit (ulimit -n) if this recurs",
                    ctx.channel().localAddress(), cause.getMessage(), failed, BACK_OFF.toSeconds());
        }
        gate.backOff(ctx.channel(), BACK_OFF);
    }
}
