package dev.mallard.auth;

import java.util.Optional;
import java.util.Set;

/**
 * Who a request acts for, once its credential has been checked: a Mallard user, the scopes the
 * credential carries, and the user's grants.
 *
 * @param name the user's name ({@value #LOCAL_NAME} when the server has no authentication)
 * @param scopes what the credential allows (an API key's scopes, an access token's scopes)
 * @param grants the databases the user may read or write
 * @param credential how the request authenticated: {@code local}, {@code key:<id>} or {@code oauth:<token id>}
 * @param clientId the OAuth client the token was issued to, when it is an OAuth token
 */
public record Principal(String name, Set<Scope> scopes, DatabaseGrants grants, String credential,
        Optional<String> clientId) {
    public static final String LOCAL_NAME = "local";
    /** The person at the keyboard of a server without authentication (stdio, or HTTP on loopback). */
    public static final Principal LOCAL = new Principal(LOCAL_NAME, Set.of(Scope.values()), DatabaseGrants.EVERYTHING,
            "local", Optional.empty());

    public Principal {
        scopes = Set.copyOf(scopes);
    }

    /** Whether the credential allows what the scope allows (see {@link Scope#allowedBy()}). */
    public boolean has(Scope scope) {
        return scope.allowedBy().stream().anyMatch(scopes::contains);
    }
}
