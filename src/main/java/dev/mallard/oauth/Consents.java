package dev.mallard.oauth;

import dev.mallard.auth.Scope;
import dev.mallard.store.OAuthStore;
import dev.mallard.store.StoredConsent;
import java.time.Clock;
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
    private final OAuthStore store;
    private final Grants grants;
    private final Clock clock;

    Consents(OAuthStore store, Grants grants, Clock clock) {
        this.store = store;
        this.grants = grants;
        this.clock = clock;
    }

    boolean covers(String user, String clientId, Set<Scope> scopes) {
        return store.findConsent(user, clientId).map(consent -> Scope.parseAll(consent.scopes()).containsAll(scopes))
                .orElse(false);
    }

    /** Records the consent, adding these scopes to any the user allowed the client before. */
    void remember(String user, String clientId, Set<Scope> scopes) {
        Set<Scope> all = EnumSet.copyOf(scopes.isEmpty() ? EnumSet.noneOf(Scope.class) : scopes);
        store.findConsent(user, clientId).ifPresent(previous -> all.addAll(Scope.parseAll(previous.scopes())));
        store.putConsent(new StoredConsent(user, clientId, Scope.labels(all), clock.instant()));
    }

    public List<StoredConsent> list(String user) {
        return store.consents(user);
    }

    public Optional<StoredConsent> find(String user, String clientId) {
        return store.findConsent(user, clientId);
    }

    /** Withdraws the consent and revokes the client's grants for the user; false when there was none. */
    public boolean revoke(String user, String clientId) {
        boolean existed = store.deleteConsent(user, clientId);
        store.activeGrants(user, clientId).forEach(grants::revoke);
        return existed;
    }
}
