package dev.mallard.sources;

import dev.mallard.net.PublicAddresses;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Optional;

/**
 * Which hosts a sync may call. The person who registers a source picks the URL, and the API's own
 * answers pick the next-page URLs, so every request's host is resolved and checked first: public
 * addresses and loopback pass; private and reserved addresses pass only when allowed. Plain http is
 * only for loopback ({@link ApiSource}), so a secret never crosses a network unencrypted.
 *
 * <p>java.net.http resolves the host again when it connects; a DNS answer that changes in between
 * (rebinding) is not caught here.
 */
record SourceAddresses(boolean allowPrivate) {
    /** Why the URL's host may not be called, or empty when it may. */
    Optional<String> refusal(URI url) {
        InetAddress[] resolved;
        try {
            resolved = InetAddress.getAllByName(url.getHost());
        } catch (UnknownHostException e) {
            return Optional.of("The host " + url.getHost() + " was not found. Check the base URL.");
        }
        for (InetAddress address : resolved) {
            boolean allowed = address.isLoopbackAddress() || allowPrivate || PublicAddresses.isPublic(address);
            if (!allowed) {
                return Optional.of("The host " + url.getHost() + " resolves to a private or reserved address ("
                        + address.getHostAddress() + "), which syncs may only call when private addresses are allowed.");
            }
            if (url.getScheme().equalsIgnoreCase("http") && !address.isLoopbackAddress()) {
                return Optional.of("The host " + url.getHost() + " is not loopback, so it must be called over https.");
            }
        }
        return Optional.empty();
    }

    static boolean isLoopbackName(String host) {
        String name = host.toLowerCase(Locale.ROOT);
        return name.equals("localhost") || name.startsWith("127.") || name.equals("[::1]") || name.equals("::1");
    }
}
