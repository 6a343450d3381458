package dev.pollux.mpm.dns;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetAddress;
import java.net.UnknownHostException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class ReverseNameTest {

    @Test
    @Timeout(10)
    void reversesIpv4Octets() throws UnknownHostException {
        assertEquals("2.0.0.127.in-addr.arpa.", ReverseName.of(InetAddress.getByName("127.0.0.2")));
        assertEquals("255.1.168.192.in-addr.arpa.", ReverseName.of(InetAddress.getByName("192.168.1.255")));
    }

    /** RFC 3596 section 2.5's example, in lower case. */
    @Test
    @Timeout(10)
    void reversesIpv6Nibbles() throws UnknownHostException {
        assertEquals("b.a.9.8.7.6.5.0.4.0.0.0.3.0.0.0.2.0.0.0.1.0.0.0.0.0.0.0.1.2.3.4.ip6.arpa.",
                ReverseName.of(InetAddress.getByName("4321:0:1:2:3:4:567:89ab")));
    }
}
