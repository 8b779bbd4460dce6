package dev.mallard.oauth;

import dev.mallard.auth.Scope;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A checked authorization request (OAuth 2.1 section 4.1.1): a known client, one of its redirect
 * URIs, the scopes asked for, and the PKCE S256 challenge.
 *
 * @param redirectUriGiven whether the request named the redirect URI (else the client's only one is used)
 * @param parameters the request's parameters, carried through the sign-in and consent forms and
 *     checked again when they come back
 */
public record AuthorizationRequest(OAuthClient client, String redirectUri, boolean redirectUriGiven,
        Set<Scope> scopes, Optional<String> state, String codeChallenge, Map<String, String> parameters) {
    public AuthorizationRequest {
        scopes = Set.copyOf(scopes);
        parameters = Map.copyOf(parameters);
    }
}
