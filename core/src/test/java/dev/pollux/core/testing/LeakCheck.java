package dev.pollux.core.testing;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.lang.ref.Reference;
import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.util.List;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fails a test class when a Netty buffer was leaked while it ran, or before it and found only now. Registered
 * for every test class of the build by JUnit's extension auto-detection (see the root POM's surefire
 * configuration); works with {@link RecordingLeakDetector}.
 */
public final class LeakCheck implements AfterAllCallback {

    /** Collections and tracked allocations that give the detector its chance to see what was dropped. */
    private static final int ROUNDS = 3;
    private static final long COLLECTION_WAIT_MILLIS = 1_000;

    @Override
    public void afterAll(ExtensionContext context) throws InterruptedException {
        for (int i = 0; i < ROUNDS; i++) {
            collect();
            // The detector looks at what the collector took when it tracks a new buffer.
            ByteBuf probe = UnpooledByteBufAllocator.DEFAULT.buffer(1);
            probe.release();
        }
        List<String> leaks = RecordingLeakDetector.takeLeaks();
        if (!leaks.isEmpty()) {
            throw new AssertionError(leaks.size() + " leaked buffer(s) found after "
                    + context.getDisplayName() + ":\n" + String.join("\n", leaks));
        }
    }

    /** A full collection, and the wait until the reference handler has enqueued what it cleared. */
    private static void collect() throws InterruptedException {
        ReferenceQueue<Object> cleared = new ReferenceQueue<>();
        WeakReference<Object> sentinel = new WeakReference<>(new Object(), cleared);
        System.gc();
        cleared.remove(COLLECTION_WAIT_MILLIS);
        Reference.reachabilityFence(sentinel);
    }
}
