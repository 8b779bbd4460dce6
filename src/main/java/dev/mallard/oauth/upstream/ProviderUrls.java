package dev.mallard.oauth.upstream;

import dev.mallard.error.MallardException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The provider's addresses must use TLS: the client secret, the authorization code and the ID token
 * travel over them (OpenID Connect Core 1.0 section 16.17; Discovery 1.0 section 3 makes the issuer
 * an https URL). Plain http is accepted only on a loopback address, where nothing crosses a network.
 */
final class ProviderUrls {
    private static final Pattern IP_LITERAL = Pattern.compile("[0-9.]+|\\[[0-9A-Fa-f:.]+]");

    private ProviderUrls() {}

    static URI check(URI url, String what) {
        if (url == null || !url.isAbsolute() || url.getHost() == null) {
            throw MallardException.configuration("The OpenID Connect provider's " + what + " (" + url
                    + ") is not an absolute URL.");
        }
        String scheme = url.getScheme().toLowerCase(Locale.ROOT);
        if (scheme.equals("https") || (scheme.equals("http") && isLoopback(url.getHost()))) {
            return url;
        }
        throw MallardException.configuration("The OpenID Connect provider's " + what + " " + url + " must use "
                + "https (http is accepted only on a loopback address such as 127.0.0.1).");
    }

    /** Without a DNS lookup: only "localhost" and loopback IP literals count. */
    private static boolean isLoopback(String host) {
        if (host.equalsIgnoreCase("localhost")) {
            return true;
        }
        if (!IP_LITERAL.matcher(host).matches()) {
            return false;
        }
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
