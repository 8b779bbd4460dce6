package dev.mallard.oauth;

import java.util.Optional;

/**
 * How a client identified itself at the token or revocation endpoint (RFC 6749 section 2.3): by
 * client_id alone (a public client), or with a secret in the Authorization header or the form body.
 */
public record ClientCredentials(String clientId, Optional<String> secret, Method method) {
    public enum Method {
        NONE,
        BASIC,
        POST
    }

    @Override
    public String toString() {
        return "ClientCredentials[clientId=" + clientId + ", method=" + method + "]";
    }
}
