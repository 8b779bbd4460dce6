package dev.mallard.oauth;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.UnknownHostException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Which addresses a client metadata document may be fetched from. */
class FetchAddressesTest {
    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "127.1.2.3", "10.0.0.1", "172.16.5.4", "192.168.1.1", "169.254.169.254",
            "100.64.0.1", "0.0.0.0", "224.0.0.1", "255.255.255.255", "::1", "::", "fe80::1", "fd00::1", "fc12::3",
            "::ffff:127.0.0.1", "::ffff:10.1.2.3", "64:ff9b::a9fe:a9fe", "198.18.0.1"})
    void privateLoopbackAndReservedAddressesAreRefused(String address) throws UnknownHostException {
        assertThat(new FetchAddresses(false).allowed(InetAddress.getByName(address))).isFalse();
        assertThat(new FetchAddresses(true).allowed(InetAddress.getByName(address))).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"93.184.215.14", "8.8.8.8", "2606:4700::6810:85e5", "::ffff:93.184.215.14",
            "100.128.0.1", "172.32.0.1"})
    void publicAddressesAreAllowed(String address) throws UnknownHostException {
        assertThat(new FetchAddresses(false).allowed(InetAddress.getByName(address))).isTrue();
    }
}
