package dev.pollux.mpm.dns;

import io.netty.handler.codec.dns.DnsPtrRecord;
import io.netty.handler.codec.dns.DnsRecord;
import io.netty.handler.codec.dns.DnsResponse;
import io.netty.handler.codec.dns.DnsResponseCode;
import io.netty.handler.codec.dns.DnsSection;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The name a PTR response gives, and for how long it may be remembered.
 *
 * @param name lower-case, without the root's trailing dot
 * @param ttl  the record's TTL, from one second to {@code dns.max-ttl}
 */
record PtrAnswer(String name, Duration ttl) {

    /**
     * Letters, digits, hyphens, underscores and dots. A PTR record may hold any bytes, and the name goes into the
     * access log: anything else (spaces, quotes, control characters) could forge its lines.
     */
    private static final Pattern HOST_NAME = Pattern.compile("[a-z0-9_-]+(\\.[a-z0-9_-]+)*");
    private static final Duration MIN_TTL = Duration.ofSeconds(1);

    /**
     * The first usable PTR record of the answer section (a classless delegation answers a CNAME before it, RFC
     * 2317), or null when there is none: NXDOMAIN, no PTR record, or a name that {@link #HOST_NAME} refuses.
     */
    static PtrAnswer of(DnsResponse response, Duration maxTtl) {
        if (response.code() != DnsResponseCode.NOERROR) {
            return null;
        }
        for (int i = 0; i < response.count(DnsSection.ANSWER); i++) {
            DnsRecord record = response.recordAt(DnsSection.ANSWER, i);
            if (record instanceof DnsPtrRecord ptr) {
                String name = withoutRoot(ptr.hostname()).toLowerCase(Locale.ROOT);
                if (HOST_NAME.matcher(name).matches()) {
                    return new PtrAnswer(name, ttl(ptr.timeToLive(), maxTtl));
                }
            }
        }
        return null;
    }

    private static String withoutRoot(String name) {
        return name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
    }

    private static Duration ttl(long seconds, Duration maxTtl) {
        Duration ttl = Duration.ofSeconds(seconds);
        return ttl.compareTo(maxTtl) > 0 ? maxTtl : ttl.compareTo(MIN_TTL) < 0 ? MIN_TTL : ttl;
    }
}
