package dev.mallard.auth;

import dev.mallard.error.MallardException;
import dev.mallard.store.IdentityStore;
import dev.mallard.store.StoredApiKey;
import dev.mallard.store.StoredUser;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * API keys: {@code mlk_<id>_<secret>}, 256 random bits, shown once when created. Only the SHA-256
 * hash of a key is stored; a slow password hash is not needed for a secret with that much entropy,
 * and a fast one keeps checking a key on every request cheap. A key checked moments ago is not looked
 * up again (see {@link RecentKeyChecks} for how soon a revocation applies).
 */
public final class ApiKeys {
    public static final String PREFIX = "mlk_";
    private static final Duration TOUCH_INTERVAL = Duration.ofMinutes(1);
    private static final char[] ID_ALPHABET = "abcdefghijkmnpqrstuvwxyz23456789".toCharArray();

    /** A key just created: the stored record and the key itself, which is never available again. */
    public record CreatedKey(StoredApiKey key, String secret) {}

    private final IdentityStore store;
    private final UserDirectory users;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Instant> lastTouched = new ConcurrentHashMap<>();
    private final RecentKeyChecks recent = new RecentKeyChecks();
    private final AtomicLong revocations = new AtomicLong();

    public ApiKeys(IdentityStore store, UserDirectory users, Clock clock) {
        this.store = store;
        this.users = users;
        this.clock = clock;
    }

    public CreatedKey create(String user, Set<Scope> scopes, Optional<String> name, Optional<Instant> expiresAt) {
        StoredUser owner = users.find(user).orElseThrow(() -> MallardException.notFound("There is no user named '"
                + user + "'. Create it first: users add " + user));
        if (scopes.isEmpty()) {
            throw MallardException.invalidArgument("Give the key at least one scope: --scopes read (or read,write).");
        }
        if (scopes.contains(Scope.ADMIN) && !owner.admin()) {
            throw MallardException.invalidArgument("User '" + user + "' is not an administrator, so a key of theirs "
                    + "cannot have the admin scope.");
        }
        Instant now = clock.instant();
        if (expiresAt.isPresent() && !expiresAt.get().isAfter(now)) {
            throw MallardException.invalidArgument("The expiry " + expiresAt.get() + " is in the past.");
        }
        String id = id();
        String secret = PREFIX + id + "_" + secret();
        StoredApiKey key = new StoredApiKey(id, user, name.filter(n -> !n.isBlank()).orElse(id), hash(secret),
                Scope.labels(scopes), now, expiresAt, Optional.empty(), Optional.empty());
        store.insertApiKey(key);
        return new CreatedKey(key, secret);
    }

    public List<StoredApiKey> list(Optional<String> user) {
        return store.apiKeys(user);
    }

    public void revoke(String id) {
        Optional<StoredApiKey> key = store.findApiKey(id);
        if (key.isEmpty()) {
            throw MallardException.notFound("There is no API key with id '" + id + "'. 'keys list' shows the ids.");
        }
        boolean revoked = store.revokeApiKey(id, clock.instant());
        revocations.incrementAndGet();
        if (!revoked) {
            throw MallardException.invalidArgument("API key '" + id + "' was already revoked.");
        }
    }

    /** Whether a bearer token is shaped like one of these keys (and so is not an OAuth token). */
    public static boolean looksLikeKey(String token) {
        return token.startsWith(PREFIX);
    }

    /** Checks a key as presented in a request. */
    public AuthOutcome authenticate(String token) {
        String hash = hash(token);
        Instant now = clock.instant();
        long changes = changes();
        Optional<RecentKeyChecks.Hit> recentlyChecked = recent.find(hash, now, changes);
        if (recentlyChecked.isPresent()) {
            touch(recentlyChecked.get().keyId(), now);
            return new AuthOutcome.Authenticated(recentlyChecked.get().principal());
        }
        Optional<StoredApiKey> found = store.findApiKeyByHash(hash);
        if (found.isEmpty()) {
            return new AuthOutcome.Rejected("The API key is not valid.");
        }
        StoredApiKey key = found.get();
        if (key.revokedAt().isPresent()) {
            return new AuthOutcome.Rejected("The API key has been revoked.");
        }
        if (key.expiresAt().isPresent() && !key.expiresAt().get().isAfter(now)) {
            return new AuthOutcome.Rejected("The API key has expired.");
        }
        Optional<StoredUser> user = users.find(key.user());
        if (user.isEmpty()) {
            return new AuthOutcome.Rejected("The API key's user no longer exists.");
        }
        touch(key.id(), now);
        Principal principal = users.principal(user.get(), Scope.parseAll(key.scopes()), "key:" + key.id(),
                Optional.empty());
        recent.remember(hash, principal, key.id(), key.expiresAt(), now, changes);
        return new AuthOutcome.Authenticated(principal);
    }

    /** Grows with every change this server makes that can end or narrow what a key allows. */
    private long changes() {
        return users.changes() + revocations.get();
    }

    /** Records when a key was last used, at most once a minute per key: a write per request would cost more. */
    private void touch(String id, Instant now) {
        Instant previous = lastTouched.get(id);
        if (previous == null || Duration.between(previous, now).compareTo(TOUCH_INTERVAL) >= 0) {
            lastTouched.put(id, now);
            store.touchApiKey(id, now);
        }
    }

    static String hash(String secret) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(secret.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }

    private String id() {
        char[] id = new char[10];
        for (int i = 0; i < id.length; i++) {
            id[i] = ID_ALPHABET[random.nextInt(ID_ALPHABET.length)];
        }
        return new String(id);
    }

    private String secret() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
