package dev.mallard.oauth;

import dev.mallard.net.PublicAddresses;
import java.net.InetAddress;

/**
 * Which addresses the authorization server may fetch a client's metadata document from. The client
 * names the URL, so without this a client could make the server call hosts only it can reach
 * (SSRF; Client ID Metadata Document draft section 6.5, MCP security best practices): addresses
 * that are not {@linkplain PublicAddresses public} are refused unless private fetches are allowed
 * (tests).
 */
record FetchAddresses(boolean allowPrivate) {
    boolean allowed(InetAddress address) {
        return allowPrivate || PublicAddresses.isPublic(address);
    }
}
