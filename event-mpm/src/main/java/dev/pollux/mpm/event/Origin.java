package dev.pollux.mpm.event;

import io.netty.handler.codec.http.FullHttpRequest;
import java.net.InetSocketAddress;
import java.util.List;

/**
 * Where a {@link Job}'s requests came from and where its responses go: an HTTP/1 {@link Connection}, or one
 * stream of an {@link Http2Connection}. The worker that runs the job calls these.
 */
interface Origin {

    /** The client's address. */
    InetSocketAddress remoteAddress();

    /** The address the client connected to. */
    InetSocketAddress localAddress();

    /** The client's IP address as text, for the access log and the scoreboard. */
    String clientIp();

    /** The client's host name where {@code hostname-lookups} has found it, else its IP address: {@code %h}. */
    String remoteHost();

    /** Whether the client came over TLS. */
    boolean secure();

    /** The protocol as httpd's status page names it: {@code http/1.1} or {@code h2}. */
    String protocol();

    /**
     * Whether file bodies may go as zero-copy regions or mapped buffers; else they are read in chunks (TLS and
     * HTTP/2 send only buffers).
     */
    boolean zeroCopy();

    /**
     * Hands the job's responses back to the poller, in order, as one task, with the requests of the job that were
     * not taken up (those behind a streamed response, whose body the worker goes on writing), to be dispatched
     * again in their turn. A streamed response is the last of the list.
     */
    void respond(List<PreparedResponse> responses, List<FullHttpRequest> unanswered);

    /**
     * The streamed body of the job's last response is written, whole or cut off: the worker has let go of the job
     * ({@link #respond} handed over its head, and did not return it).
     */
    void bodyWritten();

    /**
     * The job's last request waits for an answer that comes later, its worker released: the connection counts
     * itself {@code SUSPENDED} until {@link #respond} comes, from whichever thread completes the answer.
     */
    void suspended();

    /** The job failed without responses (a bug, logged by the worker): the poller ends what it was for. */
    void jobFailed();
}
