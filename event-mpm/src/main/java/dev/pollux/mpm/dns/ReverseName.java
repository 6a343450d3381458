package dev.pollux.mpm.dns;

import java.net.InetAddress;

/** The name a PTR query asks for: RFC 1035 section 3.5 for IPv4, RFC 3596 section 2.5 for IPv6. */
final class ReverseName {

    private static final int IPV4_BYTES = 4;

    private ReverseName() {
    }

    /** {@code 2.0.0.127.in-addr.arpa.} for 127.0.0.2; one nibble per label, lowest first, for IPv6. */
    static String of(InetAddress address) {
        byte[] bytes = address.getAddress();
        StringBuilder name = new StringBuilder(bytes.length == IPV4_BYTES ? 29 : 73);
        for (int i = bytes.length - 1; i >= 0; i--) {
            int value = bytes[i] & 0xff;
            if (bytes.length == IPV4_BYTES) {
                name.append(value).append('.');
            } else {
                name.append(Character.forDigit(value & 0xf, 16)).append('.')
                        .append(Character.forDigit(value >>> 4, 16)).append('.');
            }
        }
        return name.append(bytes.length == IPV4_BYTES ? "in-addr.arpa." : "ip6.arpa.").toString();
    }
}
