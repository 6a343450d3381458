package dev.pollux.bench.load;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;

/**
 * One keep-alive client: connects, sends one GET per tick, reads the response, and when the server closes it
 * (or it times out) reconnects at its next tick. Ticks come from {@link ClientLoop}'s schedule.
 */
final class ClientConnection implements ResponseReader.Listener {

    enum State { NEW, CONNECTING, OPEN, CLOSED }

    private final ClientLoop loop;
    private final InetAddress source;
    private State state = State.NEW;
    private SocketChannel channel;
    private SelectionKey key;
    private ResponseReader reader;
    private ByteBuffer pendingWrite;
    private long nextDue;
    private long startedAt;
    private boolean awaiting;
    /** True once it has had one response, or failed once: the ramp is over for it. */
    private boolean settled;
    private boolean answeredInWindow;
    private boolean everOpened;

    ClientConnection(ClientLoop loop, InetAddress source, long firstDue) {
        this.loop = loop;
        this.source = source;
        this.nextDue = firstDue;
    }

    long nextDue() {
        return nextDue;
    }

    /** Moves the due time past {@code now}, keeping the connection's phase within the interval. */
    void advanceDue(long now, long interval) {
        while (nextDue <= now) {
            nextDue += interval;
        }
    }

    /** Open, answered during the measured window, and not stuck on an overdue response. */
    boolean alive(long now) {
        return state == State.OPEN && answeredInWindow && !(awaiting && overdue(now));
    }

    State state() {
        return state;
    }

    void tick(long now) {
        switch (state) {
            case NEW -> { }
            case CONNECTING -> tickConnecting(now);
            case OPEN -> tickOpen(now);
            case CLOSED -> open(now);
        }
    }

    void open(long now) {
        state = State.CONNECTING;
        startedAt = now;
        loop.connectStarted();
        try {
            channel = SocketChannel.open();
            channel.configureBlocking(false);
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            channel.bind(new InetSocketAddress(source, 0));
            key = channel.register(loop.selector(), SelectionKey.OP_CONNECT, this);
            if (channel.connect(loop.target())) {
                connected(now);
            }
        } catch (IOException e) {
            connectFailed();
        }
    }

    /** The selector says the socket is ready for what it waits for. */
    void ready(long now) {
        try {
            if (key.isConnectable()) {
                if (channel.finishConnect()) {
                    connected(now);
                }
            } else {
                if (key.isWritable()) {
                    flush();
                }
                if (key.isReadable()) {
                    read();
                }
            }
        } catch (IOException e) {
            if (state == State.CONNECTING) {
                connectFailed();
            } else {
                serverClosed();
            }
        }
    }

    @Override
    public void onResponse(int status, boolean close) {
        if (state != State.OPEN) {
            return;
        }
        long now = System.nanoTime();
        Tally tally = loop.tally();
        tally.responses++;
        tally.latency(now - startedAt);
        if (status / 100 != 2) {
            tally.badStatus++;
        }
        awaiting = false;
        settle();
        answeredInWindow |= loop.measuring();
        if (close) {
            serverClosed();
        }
    }

    /** Closes abortively (RST), so the client side keeps no TIME_WAIT that would hold its ephemeral ports. */
    void close() {
        if (channel != null) {
            try {
                if (channel.isConnected()) {
                    channel.setOption(StandardSocketOptions.SO_LINGER, 0);
                }
                channel.close();
            } catch (IOException ignored) {
                // closing: nothing left to do with this socket
            }
        }
        if (state == State.CONNECTING) {
            loop.connectEnded();
        }
        state = State.CLOSED;
        channel = null;
        key = null;
        awaiting = false;
    }

    private void tickConnecting(long now) {
        if (overdue(now)) {
            connectFailed();
        }
    }

    private void tickOpen(long now) {
        if (!awaiting) {
            send(now);
        } else if (overdue(now)) {
            loop.tally().timeouts++;
            loop.tally().failed++;
            settle();
            close();
        } else {
            loop.tally().late++;
        }
    }

    private boolean overdue(long now) {
        return now - startedAt > loop.responseTimeoutNanos();
    }

    private void connected(long now) throws IOException {
        loop.connectEnded();
        if (!everOpened) {
            everOpened = true;
            loop.firstOpened();
        }
        state = State.OPEN;
        reader = new ResponseReader();
        key.interestOps(SelectionKey.OP_READ);
        send(now);
    }

    private void send(long now) {
        loop.tally().requests++;
        awaiting = true;
        startedAt = now;
        pendingWrite = loop.request();
        try {
            flush();
        } catch (IOException e) {
            serverClosed();
        }
    }

    private void flush() throws IOException {
        channel.write(pendingWrite);
        int ops = pendingWrite.hasRemaining() ? SelectionKey.OP_READ | SelectionKey.OP_WRITE : SelectionKey.OP_READ;
        if (key.interestOps() != ops) {
            key.interestOps(ops);
        }
    }

    /**
     * Reads what the socket has, and stops once the awaited response is complete: requests are not pipelined, so
     * nothing more can come until the next request, and the read that would only say so is saved. An end of
     * stream while nothing is awaited is still seen, by the one read every readiness gets.
     */
    private void read() throws IOException {
        ByteBuffer buffer = loop.readBuffer();
        do {
            buffer.clear();
            int n = channel.read(buffer);
            if (n < 0) {
                serverClosed();
                return;
            }
            if (n == 0) {
                return;
            }
            buffer.flip();
            reader.feed(buffer, this);
        } while (state == State.OPEN && awaiting);
    }

    private void settle() {
        if (!settled) {
            settled = true;
            loop.settled();
        }
    }

    private void connectFailed() {
        loop.tally().connectFailed++;
        settle();
        close();
    }

    private void serverClosed() {
        Tally tally = loop.tally();
        tally.serverClosed++;
        if (awaiting) {
            tally.failed++;
        }
        settle();
        close();
    }
}
