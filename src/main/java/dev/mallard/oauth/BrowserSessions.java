package dev.mallard.oauth;

import dev.mallard.auth.UserDirectory;
import dev.mallard.store.OAuthStore;
import dev.mallard.store.StoredBrowserSession;
import dev.mallard.store.StoredUser;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;

/**
 * Browsers signed in to the authorization server's pages. The cookie holds 256 random bits; the store
 * holds only their hash. A browser that is not signed in still gets a random id, so that every form
 * (the sign-in form too) carries a CSRF token bound to the browser: the token is a hash of the id,
 * which a page on another site can neither read nor compute. Signing in issues a new id, so an id
 * planted before sign-in is worth nothing after it.
 */
public final class BrowserSessions {
    /** A working day: long enough to approve several clients, short enough that a shared computer forgets. */
    public static final Duration LIFETIME = Duration.ofHours(8);

    private final OAuthStore store;
    private final UserDirectory users;
    private final Clock clock;

    BrowserSessions(OAuthStore store, UserDirectory users, Clock clock) {
        this.store = store;
        this.users = users;
        this.clock = clock;
    }

    /** A fresh id for a browser that has none. */
    public static String newId() {
        return OpaqueSecrets.create();
    }

    /** Signs the user in; returns the new id the browser's cookie must hold. */
    public String signIn(String user) {
        Instant now = clock.instant();
        String id = newId();
        store.insertBrowserSession(new StoredBrowserSession(OpaqueSecrets.hash(id), user, now, now.plus(LIFETIME)));
        return id;
    }

    /** The name of this browser's signed-in user, if the session is current and the user still exists. */
    public Optional<String> user(String id) {
        return store.findBrowserSession(OpaqueSecrets.hash(id))
                .filter(session -> session.expiresAt().isAfter(clock.instant()))
                .flatMap(session -> users.find(session.user()))
                .map(StoredUser::name);
    }

    public void signOut(String id) {
        store.deleteBrowserSession(OpaqueSecrets.hash(id));
    }

    /** The CSRF token of forms shown to this browser: a hash of its id, domain-separated from the stored one. */
    public static String csrfToken(String id) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(OpaqueSecrets.sha256("csrf:" + id));
    }

    public static boolean csrfMatches(String id, String presented) {
        return presented != null && OpaqueSecrets.equal(csrfToken(id), presented);
    }
}
