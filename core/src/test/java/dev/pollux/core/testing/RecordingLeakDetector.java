package dev.pollux.core.testing;

import io.netty.util.ResourceLeakDetector;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Netty's leak detector as every test JVM of the build runs it (surefire names this class in
 * {@code io.netty.customResourceLeakDetector}): it logs a leak as Netty's does and also remembers it, so that
 * {@link LeakCheck} fails the test class in which it shows up. Netty finds a leak when the garbage collector has
 * taken a buffer nobody released, on some later allocation, on whatever thread makes it.
 *
 * @param <T> the tracked resource type
 */
public final class RecordingLeakDetector<T> extends ResourceLeakDetector<T> {

    private static final Queue<String> LEAKS = new ConcurrentLinkedQueue<>();

    public RecordingLeakDetector(Class<?> resourceType, int samplingInterval, long maxActive) {
        super(resourceType, samplingInterval, maxActive);
    }

    public RecordingLeakDetector(Class<?> resourceType, int samplingInterval) {
        super(resourceType, samplingInterval);
    }

    /** Always: a leak must be counted even where the test logging keeps Netty's logger quiet. */
    @Override
    protected boolean needReport() {
        return true;
    }

    @Override
    protected void reportTracedLeak(String resourceType, String records) {
        LEAKS.add(resourceType + " was not released; where it was last used:" + records);
        super.reportTracedLeak(resourceType, records);
    }

    @Override
    protected void reportUntracedLeak(String resourceType) {
        LEAKS.add(resourceType + " was not released");
        super.reportUntracedLeak(resourceType);
    }

    /** The leaks found since the last call. */
    static List<String> takeLeaks() {
        List<String> taken = new ArrayList<>();
        String leak;
        while ((leak = LEAKS.poll()) != null) {
            taken.add(leak);
        }
        return taken;
    }
}
