package io.fluxbase.mcp.cli.connection;

import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.Locale;

/** Whether a URL's host is this machine, decided without asking a name server (whose answer could lie). */
final class LocalAddresses {

    private LocalAddresses() {
    }

    /** {@code localhost}, a loopback address, or a literal address of one of this machine's interfaces. */
    static boolean isThisMachine(String host) {
        String name = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        if (name.toLowerCase(Locale.ROOT).equals("localhost")) {
            return true;
        }
        if (!isLiteralAddress(name)) {
            return false;
        }
        try {
            InetAddress address = InetAddress.getByName(name);
            return address.isLoopbackAddress() || NetworkInterface.getByInetAddress(address) != null;
        } catch (UnknownHostException | SocketException e) {
            return false;
        }
    }

    /** Literal IPv4 or IPv6 text, which {@link InetAddress#getByName} parses without a lookup. */
    private static boolean isLiteralAddress(String name) {
        return name.contains(":") || name.matches("[0-9.]+");
    }
}
