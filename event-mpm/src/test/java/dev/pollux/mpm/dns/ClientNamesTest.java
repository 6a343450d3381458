package dev.pollux.mpm.dns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import dev.pollux.mpm.event.Eventually;
import io.netty.resolver.HostsFileEntriesProvider;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@link ClientNames} against {@link LoopbackDnsServer}, with addresses of 127.0.0.0/8 that /etc/hosts lacks. */
class ClientNamesTest {

    private static final Inet4Address CLIENT = ipv4(2);
    private static final Inet4Address OTHER = ipv4(3);
    private static final Duration NEGATIVE_TTL = Duration.ofSeconds(60);

    private final AtomicInteger barriers = new AtomicInteger();
    private LoopbackDnsServer dns;
    private ClientNames names;

    @BeforeEach
    void startServer() throws InterruptedException {
        dns = new LoopbackDnsServer();
        dns.pointer(CLIENT, "Client.Test.", 300);
        dns.address("client.test.", CLIENT);
    }

    @AfterEach
    void stop() {
        if (names != null) {
            names.close();
        }
        dns.close();
    }

    @Test
    @Timeout(30)
    void namesTheClientOnceItsPtrAnswerArrives() {
        start(HostnameLookups.ON);
        dns.hold();
        names.lookup(CLIENT);
        assertNull(names.nameOf(CLIENT), "nothing is known before the answer");
        dns.release();
        assertEquals("client.test", awaitName(CLIENT), "lower case, without the trailing dot");
    }

    @Test
    @Timeout(30)
    void asksNoSecondTimeWithinTheTtl() {
        start(HostnameLookups.ON);
        names.lookup(CLIENT);
        awaitName(CLIENT);
        names.lookup(CLIENT);
        settle();
        assertEquals(1, dns.questionsFor(CLIENT));
        assertEquals("client.test", names.nameOf(CLIENT));
    }

    @Test
    @Timeout(30)
    void asksAgainOnceAShortTtlExpired() {
        dns.pointer(OTHER, "brief.test.", 1);
        start(HostnameLookups.ON);
        long started = System.nanoTime();
        names.lookup(OTHER);
        assertEquals("brief.test", awaitName(OTHER));
        Eventually.holds(() -> {
            names.lookup(OTHER);
            return dns.questionsFor(OTHER) == 2;
        }, "a second PTR question once the 1 s TTL expired");
        assertTrue(System.nanoTime() - started >= Duration.ofSeconds(1).toNanos(), "not before the TTL expired");
    }

    @Test
    @Timeout(30)
    void remembersThatAnAddressHasNoName() {
        start(HostnameLookups.ON);
        names.lookup(OTHER);
        settle();
        names.lookup(OTHER);
        settle();
        assertEquals(1, dns.questionsFor(OTHER), "NXDOMAIN is kept for the negative TTL");
        assertNull(names.nameOf(OTHER));
    }

    @Test
    @Timeout(30)
    void doubleLookupAcceptsANameThatLeadsBack() {
        start(HostnameLookups.DOUBLE);
        names.lookup(CLIENT);
        assertEquals("client.test", awaitName(CLIENT));
        assertTrue(dns.questionsFor("client.test.") >= 1, "the name was resolved forward");
    }

    @Test
    @Timeout(30)
    void doubleLookupRefusesANameThatLeadsElsewhere() {
        dns.pointer(OTHER, "liar.test.", 300);
        dns.address("liar.test.", ipv4(99));
        start(HostnameLookups.DOUBLE);
        names.lookup(OTHER);
        Eventually.holds(() -> dns.questionsFor("liar.test.") >= 1, "the forward question for liar.test");
        settle();
        assertNull(names.nameOf(OTHER));
        names.lookup(OTHER);
        settle();
        assertEquals(1, dns.questionsFor(OTHER), "the refusal is kept for the negative TTL");
    }

    @Test
    @Timeout(30)
    void offAsksNothing() {
        start(HostnameLookups.OFF);
        names.lookup(CLIENT);
        assertNull(names.nameOf(CLIENT));
        assertEquals(0, dns.questions());
    }

    @Test
    @Timeout(30)
    void concurrentLookupsOfOneAddressAskOnce() throws InterruptedException {
        start(HostnameLookups.ON);
        dns.hold();
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            Thread thread = new Thread(() -> {
                awaitQuietly(go);
                for (int j = 0; j < 200; j++) {
                    names.lookup(CLIENT);
                }
            });
            thread.start();
            threads.add(thread);
        }
        go.countDown();
        for (Thread thread : threads) {
            thread.join();
        }
        Eventually.holds(() -> dns.questionsFor(CLIENT) == 1, "the one PTR question");
        dns.release();
        assertEquals("client.test", awaitName(CLIENT));
        assertEquals(1, dns.questionsFor(CLIENT));
    }

    @Test
    @Timeout(30)
    void namesLoopbackFromTheHostsFileWithoutAQuery() throws UnknownHostException {
        InetAddress loopback = InetAddress.getByAddress(new byte[] {127, 0, 0, 1});
        List<String> listed = new ArrayList<>();
        for (Map.Entry<String, List<InetAddress>> entry
                : HostsFileEntriesProvider.parser().parseSilently().ipv4Entries().entrySet()) {
            if (entry.getValue().contains(loopback)) {
                listed.add(entry.getKey());
            }
        }
        assumeFalse(listed.isEmpty(), "/etc/hosts names 127.0.0.1");
        start(HostnameLookups.ON);
        names.lookup(loopback);
        String name = awaitName(loopback);
        assertTrue(listed.contains(name), name + " is one of " + listed);
        assertEquals(0, dns.questions());
    }

    private void start(HostnameLookups mode) {
        names = ClientNames.start(mode,
                new DnsSettings(List.of(dns.address()), Duration.ofSeconds(5), NEGATIVE_TTL, Duration.ofHours(1), 100));
    }

    private String awaitName(InetAddress address) {
        Eventually.holds(() -> names.nameOf(address) != null, "a name for " + address);
        return names.nameOf(address);
    }

    /**
     * Looks up an address of its own and waits for its name. The resolver sends its questions in order from one
     * thread and the server answers them in order, so every lookup started before has had its answer by then.
     */
    private void settle() {
        Inet4Address barrier = ipv4(200 + barriers.incrementAndGet());
        String name = "barrier" + barriers.get() + ".test.";
        dns.pointer(barrier, name, 300);
        dns.address(name, barrier);
        names.lookup(barrier);
        awaitName(barrier);
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Inet4Address ipv4(int last) {
        try {
            return (Inet4Address) InetAddress.getByAddress(new byte[] {127, 0, 0, (byte) last});
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }
}
