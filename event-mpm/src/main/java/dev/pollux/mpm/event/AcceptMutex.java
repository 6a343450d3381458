package dev.pollux.mpm.event;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Prefork's accept serialization, httpd's {@code Mutex mpm-accept} of type {@code fcntl}: an idle child waits for
 * a lock on one file that all children open ({@link FileChannel#lock}, a POSIX record lock), and only the child
 * holding it listens; once it has accepted, it lets go and the next idle child takes over. Without it every idle
 * child's poller is woken by every new connection on the shared socket, and all but one find nothing to accept.
 *
 * <p>A thread of its own ({@code pollux-accept-mutex}) waits for the lock, so that the poller never blocks.
 */
final class AcceptMutex implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(AcceptMutex.class);

    private final FileChannel file;
    private final AcceptGate gate;
    private final Thread thread;
    private volatile boolean held;
    private volatile boolean accepted;
    private volatile boolean closed;

    private AcceptMutex(FileChannel file, AcceptGate gate) {
        this.file = file;
        this.gate = gate;
        thread = new Thread(this::run, "pollux-accept-mutex");
        thread.setDaemon(true);
    }

    /**
     * Opens (creating) the lock file and puts {@code gate} under the mutex: from now on the listeners accept only
     * during this process's turns, which {@link #start} begins.
     */
    static AcceptMutex open(Path lockFile, AcceptGate gate) throws IOException {
        FileChannel file = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        AcceptMutex mutex = new AcceptMutex(file, gate);
        gate.serialize(mutex);
        return mutex;
    }

    /** Starts asking for turns: once the child has its listeners, so that it never holds the lock without them. */
    void start() {
        thread.start();
    }

    /** Whether this process holds the mutex now, and so may accept. */
    boolean held() {
        return held;
    }

    /** The listener accepted: the turn is over. The listener's thread. */
    void accepted() {
        accepted = true;
        LockSupport.unpark(thread);
    }

    /** A connection closed or the gate changed: the child may want a turn again. Any thread. */
    void wake() {
        LockSupport.unpark(thread);
    }

    private void run() {
        while (!closed) {
            if (!gate.wantsConnection()) {
                LockSupport.parkNanos(this, 10_000_000);
                continue;
            }
            try (FileLock lock = file.lock()) {
                accepted = false;
                held = true;
                gate.apply();
                while (!accepted && !closed && gate.wantsConnection()) {
                    LockSupport.parkNanos(this, 10_000_000);
                }
                held = false;
                // Off before the lock goes: two children must never both be accepting.
                gate.applyNow();
            } catch (IOException | RuntimeException e) {
                if (!closed) {
                    log.error("The accept mutex failed; this child stops accepting", e);
                }
                return;
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        LockSupport.unpark(thread);
        try {
            file.close();
        } catch (IOException e) {
            log.debug("Closing the accept mutex: {}", e.toString());
        }
    }
}
