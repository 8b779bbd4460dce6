package dev.mallard.oauth;

import dev.mallard.auth.Scope;
import dev.mallard.store.OAuthStore;
import dev.mallard.store.StoredConsent;
import java.time.Clock;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What each user allowed each client (MCP security best practices, "Per-Client Consent Storage"): a
 * later request from the same client for no more than that skips the consent page. Withdrawing
 * consent revokes every grant the client holds for the user.
 */
public final class Consents {
    /** An app the user allowed, as the connected-apps page lists it. */
    public record ConnectedApp(String clientId, String name, Set<Scope> scopes, Instant grantedAt) {}

    private final OAuthStore store;
    private final Grants grants;
    private final Clients clients;
    private final Clock clock;

    Consents(OAuthStore store, Grants grants, Clients clients, Clock clock) {
        this.store = store;
        this.grants = grants;
        this.clients = clients;
        this.clock = clock;
    }

    boolean covers(String user, String clientId, Set<Scope> scopes) {
        return store.findConsent(user, clientId).map(consent -> Scope.parseAll(consent.scopes()).containsAll(scopes))
                .orElse(false);
    }

    /** Records the consent, adding these scopes to any the user allowed the client before. */
    void remember(String user, String clientId, Set<Scope> scopes) {
        Set<Scope> all = EnumSet.noneOf(Scope.class);
        all.addAll(scopes);
        store.findConsent(user, clientId).ifPresent(previous -> all.addAll(Scope.parseAll(previous.scopes())));
        store.putConsent(new StoredConsent(user, clientId, Scope.labels(all), clock.instant()));
    }

    /** The apps the user allowed, newest first, named as they name themselves (else by client_id). */
    public List<ConnectedApp> connectedApps(String user) {
        return store.consents(user).stream()
                .map(consent -> new ConnectedApp(consent.clientId(), name(consent.clientId()),
                        Scope.parseAll(consent.scopes()), consent.grantedAt()))
                .toList();
    }

    public Optional<Set<Scope>> allowed(String user, String clientId) {
        return store.findConsent(user, clientId).map(consent -> Scope.parseAll(consent.scopes()));
    }

    public String name(String clientId) {
        return switch (clients.find(clientId)) {
            case ClientLookup.Found found -> found.client().displayName();
            case ClientLookup.Unknown unknown -> clientId;
        };
    }

    /** Withdraws the consent and revokes the client's grants for the user; false when there was none. */
    public boolean revoke(String user, String clientId) {
        boolean existed = store.deleteConsent(user, clientId);
        store.activeGrants(user, clientId).forEach(grants::revoke);
        return existed;
    }
}
