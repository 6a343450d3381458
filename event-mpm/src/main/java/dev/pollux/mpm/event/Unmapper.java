package dev.pollux.mpm.event;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Field;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Unmaps a mapped file as soon as its response is sent. Java 17 has no public way to do so (the collector unmaps a
 * buffer when it finds it unreachable), and under load that is too late: a server mapping a file per request would
 * reach the kernel's limit on mappings ({@code vm.max_map_count}, 65,530 by default) between two collections, and
 * every further map would fail. The JDK's own {@code sun.misc.Unsafe.invokeCleaner} does it at once; where it is
 * missing, the collector still does it later.
 */
final class Unmapper {

    private static final Logger log = LoggerFactory.getLogger(Unmapper.class);
    private static final MethodHandle INVOKE_CLEANER = invokeCleaner();
    private static final AtomicBoolean FAILURE_LOGGED = new AtomicBoolean();

    private Unmapper() {
    }

    /** Unmaps {@code buffer}, which nothing may read afterwards; it must be the buffer {@code map} returned. */
    static void unmap(MappedByteBuffer buffer) {
        if (INVOKE_CLEANER == null) {
            return;
        }
        try {
            INVOKE_CLEANER.invokeExact((ByteBuffer) buffer);
        } catch (Throwable e) {
            if (FAILURE_LOGGED.compareAndSet(false, true)) {
                log.warn("Cannot unmap mapped files at once, only the collector will (logged once): {}", e.toString());
            }
        }
    }

    private static MethodHandle invokeCleaner() {
        try {
            Class<?> unsafeClass = Class.forName("sun.misc.Unsafe");
            Field theUnsafe = unsafeClass.getDeclaredField("theUnsafe");
            theUnsafe.setAccessible(true);
            return MethodHandles.lookup()
                    .findVirtual(unsafeClass, "invokeCleaner", MethodType.methodType(void.class, ByteBuffer.class))
                    .bindTo(theUnsafe.get(null));
        } catch (ReflectiveOperationException | RuntimeException e) {
            log.warn("Mapped files are unmapped by the collector only (no sun.misc.Unsafe.invokeCleaner: {}); with "
                    + "enable-sendfile off, consider enable-mmap off too", e.toString());
            return null;
        }
    }
}
