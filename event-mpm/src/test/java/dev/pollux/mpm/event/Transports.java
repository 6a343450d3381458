package dev.pollux.mpm.event;

import io.netty.channel.epoll.Epoll;
import io.netty.channel.uring.IoUring;
import java.util.ArrayList;
import java.util.List;

/** The transports that load on this machine, for tests that must pass on each of them. */
final class Transports {

    private Transports() {
    }

    /** nio always, epoll and io_uring where the kernel and sandbox allow them. */
    static List<String> available() {
        List<String> transports = new ArrayList<>(List.of("nio"));
        if (Epoll.isAvailable()) {
            transports.add("epoll");
        }
        if (IoUring.isAvailable()) {
            transports.add("io_uring");
        }
        return transports;
    }
}
