package dev.pollux.mpm.event;

import java.util.Locale;

/**
 * {@code mpm.type}: how connections and threads meet, the three rows of httpd's performance guide. The transport,
 * the connection state machines and the handlers are the same for all three.
 */
public enum MpmType {
    /** A poller holds every waiting connection; a worker only while a request is handled. */
    EVENT,
    /**
     * A connection keeps one worker thread for its whole life, keep-alive waits and lingering close included
     * (httpd's worker MPM): at most {@code max-request-workers} connections are open.
     */
    WORKER,
    /**
     * Single-worker child processes, each serving one connection at a time, the parent keeping a pool of spare
     * children (httpd's prefork MPM).
     */
    PREFORK;

    /** httpd's {@code ServerMPM} name. */
    public String statusName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Whether each connection holds a thread for its whole life. */
    public boolean threadPerConnection() {
        return this != EVENT;
    }
}
