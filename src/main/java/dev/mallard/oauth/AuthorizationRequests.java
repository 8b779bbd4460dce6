package dev.mallard.oauth;

import dev.mallard.auth.Scope;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks authorization requests (OAuth 2.1 section 4.1.1 with the MCP authorization spec's
 * requirements): the client and its redirect URI first, because until both are trusted an error can
 * only be shown, not sent; then PKCE with S256 (required of every client), the resource (RFC 8707)
 * and the scopes.
 */
public final class AuthorizationRequests {
    /** RFC 7636 section 4.2: base64url of a SHA-256 digest is 43 characters; allow the verifier's range. */
    private static final Pattern CODE_CHALLENGE = Pattern.compile("[A-Za-z0-9._~-]{43,128}");

    private final Clients clients;
    private final OAuthUrls urls;

    AuthorizationRequests(Clients clients, OAuthUrls urls) {
        this.clients = clients;
        this.urls = urls;
    }

    public AuthorizationCheck check(Map<String, List<String>> query) {
        Optional<String> clientId = single(query, "client_id");
        if (clientId.isEmpty()) {
            return new AuthorizationCheck.Untrusted("The sign-in link names no app (client_id is missing or given "
                    + "twice). Start connecting again from your app.");
        }
        OAuthClient client;
        switch (clients.find(clientId.get())) {
            case ClientLookup.Unknown unknown -> {
                return new AuthorizationCheck.Untrusted(unknown.reason());
            }
            case ClientLookup.Found found -> client = found.client();
        }
        if (query.getOrDefault("redirect_uri", List.of()).size() > 1) {
            return new AuthorizationCheck.Untrusted("The sign-in link names more than one redirect_uri.");
        }
        Optional<String> asked = single(query, "redirect_uri");
        Optional<String> redirectUri = asked.isPresent() ? RedirectUris.match(client.redirectUris(), asked.get())
                .map(registered -> asked.get())
                : client.redirectUris().size() == 1 ? Optional.of(client.redirectUris().getFirst()) : Optional.empty();
        if (redirectUri.isEmpty()) {
            return new AuthorizationCheck.Untrusted(asked.isPresent()
                    ? "The app asked to be answered at " + asked.get() + ", which is not one of its registered "
                            + "redirect URIs. Nothing was sent there. If you did not start this, close the page."
                    : "The app has several redirect URIs and the sign-in link names none (redirect_uri).");
        }
        return checkParameters(query, client, redirectUri.get(), asked.isPresent());
    }

    private AuthorizationCheck checkParameters(Map<String, List<String>> query, OAuthClient client,
            String redirectUri, boolean redirectUriGiven) {
        Optional<String> state = single(query, "state");
        Refusals refuse = new Refusals(redirectUri, state, urls.issuer());
        Map<String, String> parameters = new LinkedHashMap<>();
        for (Map.Entry<String, List<String>> parameter : query.entrySet()) {
            // OAuth 2.1 section 3.1: parameters must not be repeated (RFC 8707 lets resource repeat).
            if (parameter.getValue().size() > 1 && !parameter.getKey().equals("resource")) {
                return refuse.with(OAuthError.invalidRequest("The parameter " + parameter.getKey()
                        + " is given more than once."));
            }
            parameters.put(parameter.getKey(), parameter.getValue().getFirst());
        }
        Optional<String> responseType = single(query, "response_type");
        if (responseType.isEmpty()) {
            return refuse.with(OAuthError.invalidRequest("response_type is missing; use response_type=code."));
        }
        if (!responseType.get().equals("code")) {
            return refuse.with(OAuthError.unsupportedResponseType("Only response_type=code is supported."));
        }
        Optional<String> challenge = single(query, "code_challenge");
        if (challenge.isEmpty()) {
            return refuse.with(OAuthError.invalidRequest("PKCE is required: send code_challenge and "
                    + "code_challenge_method=S256."));
        }
        if (!"S256".equals(parameters.get("code_challenge_method"))) {
            return refuse.with(OAuthError.invalidRequest("code_challenge_method must be S256; plain (and a missing "
                    + "method, which means plain) is not accepted."));
        }
        if (!CODE_CHALLENGE.matcher(challenge.get()).matches()) {
            return refuse.with(OAuthError.invalidRequest("code_challenge must be the base64url SHA-256 of the code "
                    + "verifier (43 characters)."));
        }
        for (String resource : query.getOrDefault("resource", List.of())) {
            if (!urls.isResource(resource)) {
                return refuse.with(OAuthError.invalidTarget("This server issues tokens only for " + urls.resource()
                        + ", not for " + resource + "."));
            }
        }
        Optional<Set<Scope>> scopes = single(query, "scope").filter(s -> !s.isBlank())
                .map(OAuthScopes::parse).orElse(Optional.of(OAuthScopes.DEFAULT));
        if (scopes.isEmpty() || scopes.get().isEmpty()) {
            return refuse.with(OAuthError.invalidScope("Ask for one or more of the scopes "
                    + String.join(", ", OAuthScopes.labels()) + "."));
        }
        return new AuthorizationCheck.Valid(new AuthorizationRequest(client, redirectUri, redirectUriGiven,
                scopes.get(), state, challenge.get(), parameters));
    }

    /** Errors sent back to a trusted redirect URI. */
    private record Refusals(String redirectUri, Optional<String> state, String issuer) {
        AuthorizationCheck with(OAuthError error) {
            return new AuthorizationCheck.Refused(AuthorizationResponses.error(redirectUri, error, state, issuer),
                    error);
        }
    }

    private static Optional<String> single(Map<String, List<String>> query, String name) {
        List<String> values = query.getOrDefault(name, List.of());
        return values.size() == 1 ? Optional.of(values.getFirst()) : Optional.empty();
    }
}
