package dev.pollux.mpm.process;

import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * The server's signals, as a process manager sends them: {@code TERM} (kill, systemd) a graceful stop, {@code HUP}
 * (systemd's {@code ExecReload}) a graceful restart, {@code INT} (Ctrl-C) a stop without waiting. Through
 * {@code sun.misc.Signal}, the JDK's supported-though-unofficial hook ({@code jdk.unsupported}): the JVM itself only
 * turns TERM, INT and HUP into shutdown hooks, and a reload is not a shutdown. Each signal's action runs on a thread
 * of its own that the JVM starts.
 */
public final class Signals {

    private Signals() {
    }

    /**
     * Runs {@code action} whenever the process receives {@code name} ({@code "HUP"}, {@code "TERM"}...), with the
     * launcher's class loader as the thread's context loader: the JVM's signal threads have none, and the
     * configuration library and ServiceLoader look there for reference.conf files and module handlers.
     *
     * @return false when the process inherited the signal as ignored, which the JVM keeps: the action never runs
     */
    public static boolean on(String name, Runnable action) {
        ClassLoader loader = Signals.class.getClassLoader();
        SignalHandler previous = Signal.handle(new Signal(name), signal -> {
            Thread.currentThread().setContextClassLoader(loader);
            action.run();
        });
        // The JVM leaves a signal that the process inherited as ignored (nohup's HUP) ignored, and says so thus.
        return previous != SignalHandler.SIG_IGN;
    }
}
