package dev.mallard.oauth;

import dev.mallard.auth.Scope;
import dev.mallard.auth.UserDirectory;
import dev.mallard.store.OAuthStore;
import dev.mallard.store.StoredAuthorizationCode;
import dev.mallard.store.StoredUser;
import java.time.Clock;
import java.util.Base64;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * grant_type=authorization_code (OAuth 2.1 section 4.1.3): the code is used once, by the client it
 * was issued to, within its minute, with the redirect URI of the authorization request and the PKCE
 * verifier whose S256 hash is the challenge. A second use of a code revokes what the first produced
 * (RFC 6749 section 4.1.2): it means someone else has the code.
 */
final class AuthorizationCodeGrant {
    private static final Logger log = LoggerFactory.getLogger(AuthorizationCodeGrant.class);
    /** RFC 7636 section 4.1: 43 to 128 unreserved characters. */
    private static final Pattern VERIFIER = Pattern.compile("[A-Za-z0-9._~-]{43,128}");

    private final OAuthStore store;
    private final Grants grants;
    private final UserDirectory users;
    private final OAuthUrls urls;
    private final Clock clock;

    AuthorizationCodeGrant(OAuthStore store, Grants grants, UserDirectory users, OAuthUrls urls, Clock clock) {
        this.store = store;
        this.grants = grants;
        this.users = users;
        this.urls = urls;
        this.clock = clock;
    }

    TokenOutcome exchange(TokenRequest.AuthorizationCode request, OAuthClient client) {
        if (request.resource().isPresent() && !urls.isResource(request.resource().get())) {
            return failed(OAuthError.invalidTarget("This server issues tokens only for " + urls.resource() + "."));
        }
        String hash = OpaqueSecrets.hash(request.code());
        Optional<StoredAuthorizationCode> found = store.findCode(hash);
        if (found.isEmpty()) {
            return failed(OAuthError.invalidGrant("The authorization code is not valid. Start signing in again."));
        }
        StoredAuthorizationCode code = found.get();
        if (!code.clientId().equals(client.clientId())) {
            return failed(OAuthError.invalidGrant("The authorization code was issued to another client."));
        }
        if (!store.markCodeUsed(hash, clock.instant())) {
            log.warn("Authorization code of grant {} presented again; revoking the grant", code.grantId());
            grants.revoke(code.grantId());
            return failed(OAuthError.invalidGrant("The authorization code was already used. The tokens issued for it "
                    + "have been revoked; start signing in again."));
        }
        Optional<OAuthError> problem = problem(code, request);
        if (problem.isPresent()) {
            return failed(problem.get());
        }
        Optional<StoredUser> user = users.find(code.user());
        if (user.isEmpty()) {
            return failed(OAuthError.invalidGrant("The user who signed in no longer exists."));
        }
        Set<Scope> scopes = UserDirectory.allowedScopes(user.get(), Scope.parseAll(code.scopes()));
        return new TokenOutcome.Issued(grants.issue(client, code.user(), scopes, scopes, code.grantId()));
    }

    private Optional<OAuthError> problem(StoredAuthorizationCode code, TokenRequest.AuthorizationCode request) {
        if (!code.expiresAt().isAfter(clock.instant())) {
            return Optional.of(OAuthError.invalidGrant("The authorization code has expired (codes last "
                    + Authorizations.CODE_LIFETIME.toSeconds() + " s). Start signing in again."));
        }
        if (request.redirectUri().isPresent() ? !request.redirectUri().get().equals(code.redirectUri())
                : code.redirectUriGiven()) {
            return Optional.of(OAuthError.invalidGrant("redirect_uri must be the one of the authorization request."));
        }
        if (!VERIFIER.matcher(request.codeVerifier()).matches()
                || !OpaqueSecrets.equal(challenge(request.codeVerifier()), code.codeChallenge())) {
            return Optional.of(OAuthError.invalidGrant("The code_verifier does not match the code_challenge of the "
                    + "authorization request (PKCE S256)."));
        }
        return Optional.empty();
    }

    /** RFC 7636 section 4.2: BASE64URL-ENCODE(SHA256(ASCII(code_verifier))); the verifier is ASCII by now. */
    static String challenge(String verifier) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(OpaqueSecrets.sha256(verifier));
    }

    private static TokenOutcome failed(OAuthError error) {
        return new TokenOutcome.Failed(error);
    }
}
