package dev.pollux.mpm.dns;

import java.net.InetAddress;
import java.time.Duration;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Client names by address, each until it expires, and the addresses whose lookup is in flight. Any thread reads
 * and claims; only the DNS event loop {@link #put}s, so eviction has a single writer.
 */
final class NameCache {

    /** How many entries eviction looks at for an expired one before it drops the first it saw. */
    private static final int EVICTION_SCAN = 8;

    /** {@code name} is null for "no name". */
    private record Entry(String name, long expiresNanos) {

        boolean fresh(long now) {
            return expiresNanos - now > 0;
        }
    }

    private final Map<InetAddress, Entry> entries = new ConcurrentHashMap<>();
    private final Set<InetAddress> inFlight = ConcurrentHashMap.newKeySet();
    private final int capacity;

    NameCache(int capacity) {
        this.capacity = capacity;
    }

    /** Any thread: the name of {@code address} while it is fresh, else null. */
    String nameOf(InetAddress address) {
        Entry entry = entries.get(address);
        return entry != null && entry.fresh(System.nanoTime()) ? entry.name() : null;
    }

    /**
     * Any thread: whether the caller should look {@code address} up, that is, nothing fresh is known of it and no
     * lookup is in flight; the caller then owns the lookup until {@link #put} or {@link #release}. At
     * {@code capacity} lookups in flight none is started, so a flood of new clients queues no unbounded work.
     */
    boolean claim(InetAddress address) {
        if (known(address) || inFlight.size() >= capacity || !inFlight.add(address)) {
            return false;
        }
        // A lookup may have finished between the first look and the claim: put stores before it releases.
        if (known(address)) {
            inFlight.remove(address);
            return false;
        }
        return true;
    }

    /** The DNS event loop: the answer of a claimed lookup ({@code name} null for none), kept for {@code ttl}. */
    void put(InetAddress address, String name, Duration ttl) {
        long now = System.nanoTime();
        entries.put(address, new Entry(name, now + ttl.toNanos()));
        while (entries.size() > capacity) {
            evictOne(now);
        }
        inFlight.remove(address);
    }

    /** Any thread: gives up a claimed lookup that could not be started. */
    void release(InetAddress address) {
        inFlight.remove(address);
    }

    private boolean known(InetAddress address) {
        Entry entry = entries.get(address);
        return entry != null && entry.fresh(System.nanoTime());
    }

    /** An expired entry among the first few, else the first: no order is kept, so any entry is as good as another. */
    private void evictOne(long now) {
        Iterator<Map.Entry<InetAddress, Entry>> scan = entries.entrySet().iterator();
        InetAddress first = null;
        for (int seen = 0; seen < EVICTION_SCAN && scan.hasNext(); seen++) {
            Map.Entry<InetAddress, Entry> candidate = scan.next();
            if (!candidate.getValue().fresh(now)) {
                scan.remove();
                return;
            }
            if (first == null) {
                first = candidate.getKey();
            }
        }
        entries.remove(first);
    }
}
