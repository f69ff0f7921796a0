package io.fluxbase.mcp.edge.transport;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * {@code mcp.trusted_proxies}: the reverse proxies whose {@code X-Forwarded-For} names the client. A request from one
 * of them is taken to come from the nearest address in that header that is not itself a trusted proxy, read from the
 * right, as each proxy appends the address it was reached from. What a client writes into the header itself stays on
 * the left of what its proxy appends, so it cannot choose its own address; a request from anyone else is taken to
 * come from its connection's address, whatever it sends.
 */
public final class TrustedProxies {

    public static final String SETTING = "mcp.trusted_proxies";

    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    /** Starting with a hex digit or ':' and holding a ':', the JDK parses it as IPv6 and never looks it up. */
    private static final Pattern IPV6 = Pattern.compile("(?=[^:]*:)[0-9A-Fa-f:][0-9A-Fa-f:.]*");

    private final List<Range> ranges;

    private TrustedProxies(List<Range> ranges) {
        this.ranges = ranges;
    }

    /** Comma-separated addresses ({@code 10.0.0.7}, {@code ::1}) and ranges ({@code 10.0.0.0/8}); empty: none. */
    public static TrustedProxies parse(String list, String setting) {
        List<Range> ranges = new ArrayList<>();
        for (String entry : list.split(",")) {
            String trimmed = entry.trim();
            if (!trimmed.isEmpty()) {
                ranges.add(Range.parse(trimmed, setting));
            }
        }
        return new TrustedProxies(List.copyOf(ranges));
    }

    public boolean isEmpty() {
        return ranges.isEmpty();
    }

    public boolean trusts(InetAddress address) {
        for (Range range : ranges) {
            if (range.contains(address)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The client's address for a request from {@code peer}: the peer itself unless it is trusted; then the rightmost
     * untrusted address of {@code forwardedFor} (every header line, in order). An entry that is not an IP address
     * ends the walk at the proxy that passed it on.
     */
    public InetAddress client(InetAddress peer, List<String> forwardedFor) {
        if (!trusts(peer)) {
            return peer;
        }
        List<String> hops = new ArrayList<>();
        for (String line : forwardedFor) {
            for (String hop : line.split(",")) {
                hops.add(hop.trim());
            }
        }
        InetAddress client = peer;
        for (int i = hops.size() - 1; i >= 0 && trusts(client); i--) {
            InetAddress hop = literal(hops.get(i));
            if (hop == null) {
                break;
            }
            client = hop;
        }
        return client;
    }

    /**
     * An IP address as written in the header (IPv6 maybe in brackets, IPv4 maybe with a port), or null; never a
     * look-up of a name, which would block the event loop on what a client sent.
     */
    static @Nullable InetAddress literal(String text) {
        String address = text;
        if (address.startsWith("[") && address.contains("]")) {
            address = address.substring(1, address.indexOf(']'));
        } else if (address.indexOf(':') > 0 && address.indexOf(':') == address.lastIndexOf(':')) {
            address = address.substring(0, address.indexOf(':'));
        }
        try {
            if (IPV4.matcher(address).matches()) {
                byte[] bytes = new byte[4];
                String[] parts = address.split("\\.");
                for (int i = 0; i < 4; i++) {
                    int part = Integer.parseInt(parts[i]);
                    if (part > 255) {
                        return null;
                    }
                    bytes[i] = (byte) part;
                }
                return InetAddress.getByAddress(bytes);
            }
            return IPV6.matcher(address).matches() ? InetAddress.getByName(address) : null;
        } catch (UnknownHostException notAnAddress) {
            return null;
        }
    }

    private record Range(byte[] network, int prefix) {

        static Range parse(String entry, String setting) {
            int slash = entry.indexOf('/');
            String address = slash < 0 ? entry : entry.substring(0, slash);
            boolean port = address.indexOf(':') >= 0 && address.indexOf(':') == address.lastIndexOf(':');
            InetAddress parsed = address.startsWith("[") || port ? null : literal(address);
            if (parsed == null) {
                throw new IllegalArgumentException(setting + ": '" + entry + "' is not an IP address or range; write"
                        + " addresses such as 10.0.0.7 or ::1 and ranges such as 10.0.0.0/8, comma-separated");
            }
            byte[] bytes = parsed.getAddress();
            int prefix = bytes.length * 8;
            if (slash >= 0) {
                String bits = entry.substring(slash + 1);
                if (!bits.matches("\\d{1,3}") || Integer.parseInt(bits) > bytes.length * 8) {
                    throw new IllegalArgumentException(setting + ": '" + entry + "' has a prefix length that is not"
                            + " 0 to " + bytes.length * 8);
                }
                prefix = Integer.parseInt(bits);
            }
            return new Range(bytes, prefix);
        }

        boolean contains(InetAddress address) {
            byte[] bytes = address.getAddress();
            if (bytes.length != network.length) {
                return false;
            }
            for (int bit = 0; bit < prefix; bit++) {
                int mask = 0x80 >>> (bit % 8);
                if ((bytes[bit / 8] & mask) != (network[bit / 8] & mask)) {
                    return false;
                }
            }
            return true;
        }
    }
}
