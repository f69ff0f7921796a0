package io.fluxbase.mcp.edge.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

class TrustedProxiesTest {

    static final TrustedProxies PROXIES = TrustedProxies.parse("10.0.0.0/8, 192.168.1.5, fd00::/8",
            TrustedProxies.SETTING);

    static InetAddress ip(String literal) {
        return TrustedProxies.literal(literal);
    }

    @Test
    void aRequestFromAnyoneElseKeepsItsConnectionsAddressWhateverItSends() {
        assertThat(PROXIES.client(ip("203.0.113.7"), List.of("198.51.100.1"))).isEqualTo(ip("203.0.113.7"));
        assertThat(TrustedProxies.parse("", TrustedProxies.SETTING).client(ip("10.0.0.1"), List.of("198.51.100.1")))
                .isEqualTo(ip("10.0.0.1"));
    }

    @Test
    void aTrustedProxysRequestComesFromTheRightmostAddressThatIsNotATrustedProxy() {
        assertThat(PROXIES.client(ip("10.1.2.3"), List.of("198.51.100.1"))).isEqualTo(ip("198.51.100.1"));
        // a client that writes the header itself only adds on the left of what its proxy appends
        assertThat(PROXIES.client(ip("10.1.2.3"), List.of("1.1.1.1, 198.51.100.1"))).isEqualTo(ip("198.51.100.1"));
        // two proxies in a row, the header over two lines
        assertThat(PROXIES.client(ip("10.1.2.3"), List.of("1.1.1.1, 198.51.100.1", "192.168.1.5")))
                .isEqualTo(ip("198.51.100.1"));
        assertThat(PROXIES.client(ip("fd00::2"), List.of("[2001:db8::7]"))).isEqualTo(ip("2001:db8::7"));
        assertThat(PROXIES.client(ip("10.1.2.3"), List.of("198.51.100.1:51234"))).isEqualTo(ip("198.51.100.1"));
    }

    @Test
    void withoutAUsableAddressTheRequestComesFromTheLastProxyThatPassedItOn() {
        assertThat(PROXIES.client(ip("10.1.2.3"), List.of())).isEqualTo(ip("10.1.2.3"));
        assertThat(PROXIES.client(ip("10.1.2.3"), List.of("198.51.100.1, unknown, 192.168.1.5")))
                .isEqualTo(ip("192.168.1.5"));
        assertThat(PROXIES.client(ip("10.1.2.3"), List.of("evil.example"))).isEqualTo(ip("10.1.2.3"));
        assertThat(PROXIES.client(ip("10.1.2.3"), List.of("999.1.1.1"))).isEqualTo(ip("10.1.2.3"));
        // nothing a client writes is looked up as a name
        for (String notALiteral : List.of(".::", "[.::]", "localhost", "g::1", "1.2.3", "fe80::1%eth0")) {
            assertThat(TrustedProxies.literal(notALiteral)).as(notALiteral).isNull();
        }
        // all of them trusted: the leftmost
        assertThat(PROXIES.client(ip("10.1.2.3"), List.of("10.9.9.9"))).isEqualTo(ip("10.9.9.9"));
    }

    @Test
    void rangesMatchByTheirPrefixAndFamily() {
        assertThat(PROXIES.trusts(ip("10.255.255.255"))).isTrue();
        assertThat(PROXIES.trusts(ip("11.0.0.0"))).isFalse();
        assertThat(PROXIES.trusts(ip("192.168.1.5"))).isTrue();
        assertThat(PROXIES.trusts(ip("192.168.1.6"))).isFalse();
        assertThat(PROXIES.trusts(ip("fdff::1"))).isTrue();
        assertThat(PROXIES.trusts(ip("fe00::1"))).isFalse();
        assertThat(TrustedProxies.parse("0.0.0.0/0", TrustedProxies.SETTING).trusts(ip("8.8.8.8"))).isTrue();
        assertThat(TrustedProxies.parse("172.16.0.0/12", TrustedProxies.SETTING).trusts(ip("172.31.0.1"))).isTrue();
        assertThat(TrustedProxies.parse("172.16.0.0/12", TrustedProxies.SETTING).trusts(ip("172.32.0.1"))).isFalse();
    }

    @Test
    void aSettingThatIsNotAnAddressOrRangeIsRefusedNamingIt() {
        assertThatThrownBy(() -> TrustedProxies.parse("10.0.0.1, proxy.internal", TrustedProxies.SETTING))
                .hasMessageContaining("mcp.trusted_proxies: 'proxy.internal' is not an IP address or range");
        assertThatThrownBy(() -> TrustedProxies.parse("10.0.0.0/33", TrustedProxies.SETTING))
                .hasMessageContaining("'10.0.0.0/33'").hasMessageContaining("0 to 32");
        assertThatThrownBy(() -> TrustedProxies.parse("10.0.0.1:8080", TrustedProxies.SETTING))
                .hasMessageContaining("'10.0.0.1:8080' is not an IP address");
        assertThatThrownBy(() -> TrustedProxies.parse("300.0.0.1", TrustedProxies.SETTING))
                .hasMessageContaining("'300.0.0.1'");
    }
}
