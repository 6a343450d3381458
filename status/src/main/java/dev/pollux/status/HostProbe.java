package dev.pollux.status;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * What the status page reports about the host and the process rather than the scoreboard: load averages and
 * the process's CPU time. On Linux both come from {@code /proc} (one small read each, no locks shared with
 * workers); elsewhere from the platform MXBeans. Safe from any thread.
 */
class HostProbe {

    /**
     * The kernel's {@code USER_HZ}: {@code /proc/self/stat} counts CPU time in these ticks, as the
     * {@code times()} call httpd uses does. It is 100 on every architecture Linux exports it for.
     */
    static final int TICKS_PER_SECOND = 100;

    private static final Path LOADAVG = Path.of("/proc/loadavg");
    private static final Path SELF_STAT = Path.of("/proc/self/stat");
    /** Fields of {@code /proc/self/stat} after the command name: utime and stime are the 12th and 13th. */
    private static final int UTIME_FIELD = 11;
    private static final int STIME_FIELD = 12;

    /** The 1, 5 and 15 minute load averages; zeros when the platform has none. */
    LoadAverage loadAverage() {
        try {
            String[] fields = Files.readString(LOADAVG, StandardCharsets.US_ASCII).trim().split("\\s+");
            return new LoadAverage(Double.parseDouble(fields[0]), Double.parseDouble(fields[1]),
                    Double.parseDouble(fields[2]));
        } catch (IOException | RuntimeException e) {
            double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
            return load < 0 ? new LoadAverage(0, 0, 0) : new LoadAverage(load, load, load);
        }
    }

    /**
     * The process's CPU time in {@link #TICKS_PER_SECOND} ticks, split into user and system time where the
     * platform says how; otherwise all of it counts as user time.
     */
    CpuTicks processCpu() {
        CpuTicks own = stat(SELF_STAT);
        return own != null ? own
                : new CpuTicks(mxBeanCpuNanos() / (TimeUnit.SECONDS.toNanos(1) / TICKS_PER_SECOND), 0);
    }

    /**
     * The server's CPU time: this process's, or, when children serve, the sum over {@code children} (their pids;
     * one that is gone counts nothing).
     */
    CpuTicks serverCpu(List<Long> children) {
        if (children.isEmpty()) {
            return processCpu();
        }
        long user = 0;
        long system = 0;
        for (long pid : children) {
            CpuTicks ticks = pid == ProcessHandle.current().pid() ? processCpu()
                    : stat(Path.of("/proc", Long.toString(pid), "stat"));
            if (ticks != null) {
                user += ticks.user();
                system += ticks.system();
            }
        }
        return new CpuTicks(user, system);
    }

    /** utime and stime of a {@code /proc/PID/stat} file; null where there is none. */
    private static CpuTicks stat(Path file) {
        try {
            String stat = Files.readString(file, StandardCharsets.US_ASCII);
            // The command name, in parentheses, may itself hold spaces and parentheses: skip to the last ')'.
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split("\\s+");
            return new CpuTicks(Long.parseLong(fields[UTIME_FIELD]), Long.parseLong(fields[STIME_FIELD]));
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static long mxBeanCpuNanos() {
        OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
            return Math.max(0, sun.getProcessCpuTime());
        }
        return 0;
    }

    /** Load averages over 1, 5 and 15 minutes. */
    record LoadAverage(double one, double five, double fifteen) {
    }

    /** CPU time in ticks of 1/{@value #TICKS_PER_SECOND} s. */
    record CpuTicks(long user, long system) {

        long total() {
            return user + system;
        }
    }
}
