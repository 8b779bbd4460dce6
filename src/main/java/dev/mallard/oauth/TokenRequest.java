package dev.mallard.oauth;

import java.util.Optional;

/** A token request (RFC 6749 section 4.1.3 and 6), its form parameters already read. */
public sealed interface TokenRequest {
    ClientCredentials client();

    /** grant_type=authorization_code, with the PKCE verifier (RFC 7636 section 4.5). */
    record AuthorizationCode(ClientCredentials client, String code, Optional<String> redirectUri, String codeVerifier,
            Optional<String> resource) implements TokenRequest {
        @Override
        public String toString() {
            return "AuthorizationCode[client=" + client + "]";
        }
    }

    /** grant_type=refresh_token, optionally narrowing the scope. */
    record RefreshToken(ClientCredentials client, String refreshToken, Optional<String> scope,
            Optional<String> resource) implements TokenRequest {
        @Override
        public String toString() {
            return "RefreshToken[client=" + client + "]";
        }
    }
}
