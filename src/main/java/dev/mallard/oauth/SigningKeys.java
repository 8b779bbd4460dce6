package dev.mallard.oauth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import dev.mallard.store.OAuthStore;
import dev.mallard.store.StoredSigningKey;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ES256 keys that sign access tokens, kept in the state store so every replica signs and
 * verifies with the same ones. The newest active key signs. A rotated-out key stays published (and
 * accepted) until every token it can have signed has expired: the access-token lifetime, plus the
 * minute a replica may keep signing with the key it loaded, plus clock skew.
 */
public final class SigningKeys {
    private static final Logger log = LoggerFactory.getLogger(SigningKeys.class);
    static final Duration RELOAD_INTERVAL = Duration.ofMinutes(1);
    private static final Duration UNKNOWN_KID_RELOAD = Duration.ofSeconds(10);

    /** A rotation: the key that signs from now on, the one it replaced, and until when the old one is honoured. */
    public record Rotation(String newKeyId, Optional<String> retiredKeyId, Instant retiredKeyPublishedUntil) {}

    private record Loaded(ECKey active, List<ECKey> published, Instant loadedAt) {}

    private final OAuthStore store;
    private final Clock clock;
    private final Duration retiredKeyLifetime;
    private volatile Loaded loaded;

    private SigningKeys(OAuthStore store, Clock clock, Duration accessTokenTtl) {
        this.store = store;
        this.clock = clock;
        this.retiredKeyLifetime = accessTokenTtl.plus(RELOAD_INTERVAL).plus(JwtAccessTokenVerifier.CLOCK_SKEW);
    }

    /** Opens the keys, generating the first one on a fresh store. */
    public static SigningKeys open(OAuthStore store, Clock clock, Duration accessTokenTtl) {
        SigningKeys keys = new SigningKeys(store, clock, accessTokenTtl);
        keys.reload();
        return keys;
    }

    /** The key new tokens are signed with. */
    ECKey active() {
        return current(RELOAD_INTERVAL).active();
    }

    /** A key that may verify a token: active, or retired recently enough. */
    Optional<ECKey> verificationKey(String keyId) {
        Optional<ECKey> key = find(current(RELOAD_INTERVAL), keyId);
        if (key.isEmpty()) {
            // Maybe another replica (or 'mallard oauth rotate-keys') added it since we last looked.
            key = find(current(UNKNOWN_KID_RELOAD), keyId);
        }
        return key;
    }

    /** The public keys to publish at the jwks_uri. */
    public JWKSet publicKeys() {
        return new JWKSet(new ArrayList<JWK>(current(RELOAD_INTERVAL).published())).toPublicJWKSet();
    }

    /** Starts signing with a new key; the old one verifies for a while longer. */
    public Rotation rotate() {
        Instant now = clock.instant();
        List<StoredSigningKey> before = store.signingKeys();
        ECKey fresh = generate(now);
        store.insertSigningKey(new StoredSigningKey(fresh.getKeyID(), fresh.toJSONString(), now, Optional.empty()));
        Optional<String> retired = Optional.empty();
        for (StoredSigningKey key : before) {
            if (key.retiredAt().isEmpty()) {
                store.retireSigningKey(key.keyId(), now);
                retired = retired.or(() -> Optional.of(key.keyId()));
            }
        }
        reload();
        log.info("Signing key {} is active; retired {}", fresh.getKeyID(), retired.orElse("none"));
        return new Rotation(fresh.getKeyID(), retired, now.plus(retiredKeyLifetime));
    }

    private Loaded current(Duration maxAge) {
        Loaded current = loaded;
        if (Duration.between(current.loadedAt(), clock.instant()).compareTo(maxAge) >= 0) {
            current = reload();
        }
        return current;
    }

    private synchronized Loaded reload() {
        Instant now = clock.instant();
        List<StoredSigningKey> stored = store.signingKeys();
        if (stored.stream().noneMatch(key -> key.retiredAt().isEmpty())) {
            ECKey first = generate(now);
            store.insertSigningKey(new StoredSigningKey(first.getKeyID(), first.toJSONString(), now, Optional.empty()));
            log.info("Generated the first access-token signing key {}", first.getKeyID());
            stored = store.signingKeys();
        }
        ECKey active = null;
        List<ECKey> published = new ArrayList<>();
        for (StoredSigningKey key : stored) {
            boolean current = key.retiredAt().isEmpty();
            if (current || key.retiredAt().get().plus(retiredKeyLifetime).isAfter(now)) {
                ECKey parsed = parse(key);
                published.add(parsed);
                if (current && active == null) {
                    active = parsed;
                }
            }
        }
        loaded = new Loaded(active, List.copyOf(published), now);
        return loaded;
    }

    private static Optional<ECKey> find(Loaded loaded, String keyId) {
        return loaded.published().stream().filter(key -> key.getKeyID().equals(keyId)).findFirst();
    }

    private static ECKey parse(StoredSigningKey key) {
        try {
            return ECKey.parse(key.jwk());
        } catch (ParseException e) {
            throw new IllegalStateException("Signing key " + key.keyId() + " in the state store is not a valid JWK", e);
        }
    }

    private static ECKey generate(Instant now) {
        try {
            return new ECKeyGenerator(Curve.P_256)
                    .keyUse(KeyUse.SIGNATURE)
                    .algorithm(JWSAlgorithm.ES256)
                    .keyIDFromThumbprint(true)
                    .issueTime(Date.from(now))
                    .generate();
        } catch (JOSEException e) {
            throw new IllegalStateException("Could not generate a P-256 key", e);
        }
    }
}
