package dev.pollux.status;

import io.netty.handler.ipfilter.IpFilterRuleType;
import io.netty.handler.ipfilter.IpSubnetFilterRule;
import io.netty.util.NetUtil;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/**
 * httpd's {@code Require ip} for the status page: the CIDR blocks whose clients may read it, matched with
 * Netty's {@link IpSubnetFilterRule}. Entries are address literals only, so building the list never asks DNS.
 * Immutable, safe from any thread.
 */
public final class AllowList {

    /** What {@link #isValid} accepts, for configuration errors. */
    public static final String ALLOWED =
            "an IPv4 or IPv6 address with an optional /prefix, e.g. 10.0.0.0/8 or fd00::/8";

    private final List<String> entries;
    private final List<IpSubnetFilterRule> rules;

    private AllowList(List<String> entries, List<IpSubnetFilterRule> rules) {
        this.entries = List.copyOf(entries);
        this.rules = List.copyOf(rules);
    }

    /**
     * Builds the list from entries {@link #isValid} accepts.
     *
     * @throws IllegalArgumentException for an entry it does not
     */
    public static AllowList of(List<String> entries) {
        List<IpSubnetFilterRule> rules = new ArrayList<>(entries.size());
        for (String entry : entries) {
            rules.add(parse(entry));
        }
        return new AllowList(entries, rules);
    }

    /** Whether {@code entry} is an address literal with an optional prefix length that fits it. */
    public static boolean isValid(String entry) {
        try {
            parse(entry);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** Whether {@code client} lies in one of the blocks; an unknown or unresolved client never does. */
    public boolean allows(InetSocketAddress client) {
        if (client == null || client.getAddress() == null) {
            return false;
        }
        for (IpSubnetFilterRule rule : rules) {
            if (rule.matches(client)) {
                return true;
            }
        }
        return false;
    }

    /** The entries as configured. */
    public List<String> entries() {
        return entries;
    }

    private static IpSubnetFilterRule parse(String entry) {
        int slash = entry.indexOf('/');
        String literal = slash < 0 ? entry : entry.substring(0, slash);
        byte[] address = NetUtil.createByteArrayFromIpAddressString(literal);
        if (address == null) {
            throw new IllegalArgumentException("not an IP address literal: " + literal);
        }
        int bits = address.length * 8;
        int prefix = slash < 0 ? bits : prefix(entry.substring(slash + 1), bits);
        try {
            return new IpSubnetFilterRule(InetAddress.getByAddress(address), prefix, IpFilterRuleType.ACCEPT);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    private static int prefix(String text, int bits) {
        if (text.isEmpty() || text.length() > 3 || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new IllegalArgumentException("not a prefix length: " + text);
        }
        int prefix = Integer.parseInt(text);
        if (prefix > bits) {
            throw new IllegalArgumentException("prefix longer than the address: " + prefix);
        }
        return prefix;
    }

    @Override
    public String toString() {
        return entries.toString();
    }
}
