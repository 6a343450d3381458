package dev.pollux.mpm.event;

import dev.pollux.core.scoreboard.Scoreboard;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.unix.Errors;
import java.io.IOException;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * On every listener, ahead of Netty's acceptor, so that every accept failure ends here: one for want of resources
 * (EMFILE, ENFILE, ENOBUFS, ENOMEM: file descriptors, most often) pauses accepting through the {@link AcceptGate}
 * for a second rather than retrying at once on a listener that stays readable, is logged at most once a minute
 * with the number of failures since the last line, and is counted on the scoreboard
 * ({@code accept_failures_total}); connections wait in the listen backlog meanwhile and are accepted once
 * resources free up. Netty's acceptor has a pause of its own, but its timer turns accepting back on whatever the
 * gate says (saturation, {@code max-connections}), so it never sees the failure. Any other failure (a connection
 * reset or aborted before it was accepted) goes to the I/O log only. Shared by the listeners; their poller
 * threads only.
 */
@ChannelHandler.Sharable
final class AcceptFailures extends ChannelInboundHandlerAdapter {

    private static final Logger log = LoggerFactory.getLogger(AcceptFailures.class);
    private static final Logger io = LoggerFactory.getLogger("dev.pollux.io");
    private static final Duration BACK_OFF = Duration.ofSeconds(1);
    private static final long LOG_INTERVAL_NANOS = TimeUnit.MINUTES.toNanos(1);
    /** ENOMEM, ENFILE and EMFILE, the same on Linux and the BSDs; ENOBUFS is 105 on Linux, 55 on the BSDs. */
    private static final Set<Integer> OUT_OF_RESOURCES = Set.of(12, 23, 24, 105, 55);
    /** The same as the JDK words them (strerror) for NIO, which gives no errno. */
    private static final String[] OUT_OF_RESOURCES_TEXT =
        {"Too many open files", "No buffer space available", "Cannot allocate memory"};

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
        if (!outOfResources(cause)) {
            io.debug("{}: accept failed: {}", ctx.channel().localAddress(), cause.toString());
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

    private static boolean outOfResources(Throwable cause) {
        if (cause instanceof Errors.NativeIoException failure) {
            return OUT_OF_RESOURCES.contains(-failure.expectedErr());
        }
        String message = cause instanceof IOException ? cause.getMessage() : null;
        if (message != null) {
            for (String text : OUT_OF_RESOURCES_TEXT) {
                if (message.contains(text)) {
                    return true;
                }
            }
        }
        return false;
    }
}
