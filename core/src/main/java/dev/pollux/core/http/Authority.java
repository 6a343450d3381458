package dev.pollux.core.http;

import java.util.Locale;

/**
 * The strict syntax of a request's host, as {@code http-protocol-options = strict} checks it in a {@code Host}
 * field or an absolute-form target's authority: RFC 3986 §3.2.2's {@code host [ ":" port ]} without userinfo,
 * where the host is a registered name, a dotted-decimal IPv4 address or a bracketed IPv6 address.
 *
 * <p>Stricter than RFC 3986 where lenient readers disagree and that disagreement is an attack, as httpd's strict
 * host check is: a name is DNS-like (letters, digits, {@code -} and {@code _}, no empty label but an optional final
 * dot; no percent-encoding or sub-delims such as {@code *} or {@code ,}); a name whose last label is numeric
 * ({@code 127.1}, {@code 0x7f.1}, {@code 0177.0.0.1}) must be four decimal octets without leading zeros, since
 * resolvers and browsers read those shorthand, hex and octal forms as IPv4 addresses that a proxy in front may
 * have checked as names; and a port is 1 to 65535. Stateless; any thread.
 */
public final class Authority {

    private static final int MAX_PORT = 65535;

    private Authority() {
    }

    /**
     * Whether {@code value} is {@code host [ ":" port ]}. An empty value is valid (RFC 9110 §7.2: the Host of a
     * target without authority), an empty host with a port is not (RFC 9110 §4.2.1).
     */
    public static boolean isValid(CharSequence value) {
        int length = value.length();
        if (length > 0 && value.charAt(0) == ':') {
            return false;
        }
        int hostEnd;
        if (length > 0 && value.charAt(0) == '[') {
            int close = indexOf(value, ']');
            if (close < 0 || !isIpv6(value, 1, close)) {
                return false;
            }
            hostEnd = close + 1;
        } else {
            int colon = indexOf(value, ':');
            hostEnd = colon < 0 ? length : colon;
            if (!isRegNameOrIpv4(value, 0, hostEnd)) {
                return false;
            }
        }
        return hostEnd == length || value.charAt(hostEnd) == ':' && isPort(value, hostEnd + 1, length);
    }

    /** The host without port and final dot, lower case: {@code WWW.Example.com.:8080} is {@code www.example.com}. */
    public static String hostName(String host) {
        int end = host.length();
        if (host.startsWith("[")) {
            int close = host.indexOf(']');
            end = close < 0 ? end : close + 1;
        } else {
            int colon = host.lastIndexOf(':');
            end = colon < 0 ? end : colon;
        }
        if (end > 0 && host.charAt(end - 1) == '.') {
            end--;
        }
        return host.substring(0, end).toLowerCase(Locale.ROOT);
    }

    /** A port from 1 to 65535; RFC 3986 also allows an empty port and 0, which no client sends on purpose. */
    private static boolean isPort(CharSequence value, int from, int to) {
        if (to == from || to - from > 5) {
            return false;
        }
        int port = 0;
        for (int i = from; i < to; i++) {
            char c = value.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
            port = port * 10 + (c - '0');
        }
        return port > 0 && port <= MAX_PORT;
    }

    /**
     * A DNS-like name: labels of letters, digits, {@code -} and {@code _} between single dots, a final dot allowed;
     * one whose last label starts with a digit must be a dotted-decimal IPv4 address, without a final dot
     * (top-level domains are never numeric, RFC 3696 §2).
     */
    private static boolean isRegNameOrIpv4(CharSequence value, int from, int to) {
        int end = to > from && value.charAt(to - 1) == '.' ? to - 1 : to;
        int lastLabel = from;
        for (int i = from; i < end; i++) {
            char c = value.charAt(i);
            if (c == '.') {
                if (i == lastLabel) {
                    return false;
                }
                lastLabel = i + 1;
            } else if (!isDigit(c) && !isLetter(c) && c != '-' && c != '_') {
                return false;
            }
        }
        if (lastLabel == end && (end > from || end < to)) {
            return false;
        }
        boolean numericLastLabel = lastLabel < end && isDigit(value.charAt(lastLabel));
        return !numericLastLabel || end == to && isIpv4(value, from, end);
    }

    /** {@code IPv4address = dec-octet "." dec-octet "." dec-octet "." dec-octet}, no leading zeros. */
    static boolean isIpv4(CharSequence value, int from, int to) {
        int octets = 0;
        int start = from;
        for (int i = from; i <= to; i++) {
            if (i == to || value.charAt(i) == '.') {
                if (!isDecOctet(value, start, i)) {
                    return false;
                }
                octets++;
                start = i + 1;
            }
        }
        return octets == 4;
    }

    private static boolean isDecOctet(CharSequence value, int from, int to) {
        int digits = to - from;
        if (digits < 1 || digits > 3 || digits > 1 && value.charAt(from) == '0') {
            return false;
        }
        int octet = 0;
        for (int i = from; i < to; i++) {
            char c = value.charAt(i);
            if (!isDigit(c)) {
                return false;
            }
            octet = octet * 10 + (c - '0');
        }
        return octet <= 255;
    }

    /**
     * RFC 3986's {@code IPv6address}: eight groups of one to four hex digits, at most one {@code ::} standing for
     * one or more zero groups, and optionally a dotted-decimal IPv4 address as the last 32 bits. No zone identifier
     * and no IPvFuture: a server has no use for either in a Host.
     */
    static boolean isIpv6(CharSequence value, int from, int to) {
        int groups = 0;
        boolean elided = false;
        int i = from;
        if (to - from >= 2 && value.charAt(i) == ':' && value.charAt(i + 1) == ':') {
            elided = true;
            i += 2;
        } else if (i < to && value.charAt(i) == ':') {
            return false;
        }
        while (i < to) {
            int start = i;
            while (i < to && isHex(value.charAt(i)) && i - start < 4) {
                i++;
            }
            if (i < to && value.charAt(i) == '.') {
                // The last 32 bits as IPv4: two groups' worth, and nothing may follow.
                if (!isIpv4(value, start, to)) {
                    return false;
                }
                groups += 2;
                break;
            }
            if (i == start) {
                return false;
            }
            groups++;
            if (i == to) {
                break;
            }
            if (value.charAt(i) != ':') {
                return false;
            }
            i++;
            if (i < to && value.charAt(i) == ':') {
                if (elided) {
                    return false;
                }
                elided = true;
                i++;
            } else if (i == to) {
                return false;
            }
        }
        return elided ? groups < 8 : groups == 8;
    }

    private static boolean isLetter(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z';
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isHex(char c) {
        return isDigit(c) || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F';
    }

    private static int indexOf(CharSequence value, char c) {
        for (int i = 0; i < value.length(); i++) {
            if (value.charAt(i) == c) {
                return i;
            }
        }
        return -1;
    }
}
