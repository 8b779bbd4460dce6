package dev.mallard.bench;

import dev.mallard.error.MallardException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;

/**
 * A load generator pointed at someone else's server is an attack: only loopback addresses are
 * accepted unless the user says otherwise.
 */
public final class LoopbackTarget {
    private LoopbackTarget() {}

    static boolean isLoopback(URI url) {
        String host = url.getHost();
        if (host == null) {
            return false;
        }
        try {
            for (InetAddress address : InetAddress.getAllByName(host)) {
                if (!address.isLoopbackAddress()) {
                    return false;
                }
            }
            return true;
        } catch (UnknownHostException e) {
            return false;
        }
    }

    public static URI require(String url, boolean allowRemote) {
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw MallardException.invalidArgument("--url '" + url + "' is not a URL; give the MCP endpoint, e.g. "
                    + "http://127.0.0.1:8765/mcp.");
        }
        if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
            throw MallardException.invalidArgument("--url '" + url + "' must be an http(s) URL of an MCP endpoint, "
                    + "e.g. http://127.0.0.1:8765/mcp.");
        }
        if (!allowRemote && !isLoopback(uri)) {
            throw MallardException.invalidArgument("--url " + url + " is not a loopback address. The benchmark "
                    + "only loads servers on this machine unless you pass --allow-remote (only for a server you "
                    + "are allowed to load test).");
        }
        return uri;
    }
}
