package dev.mallard.oauth;

import static dev.mallard.oauth.OAuthFixture.ALICE;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.mallard.oauth.OAuthFixture.Reply;
import dev.mallard.oauth.OAuthFixture.Tokens;
import dev.mallard.store.StoredSigningKey;
import dev.mallard.testing.Browser;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Access tokens at the MCP endpoint: only this server's, for this resource, unexpired, unrevoked,
 * for a user who still exists; anything else is a 401 with an invalid_token challenge.
 */
class AccessTokenTest {
    @RegisterExtension
    static final OAuthFixture oauth = OAuthFixture.create();

    /** A token signed with the server's own active key, with the claims the test chooses. */
    private static String signedByServer(JWTClaimsSet claims) throws Exception {
        StoredSigningKey active = oauth.server().mallard().store().oauth().signingKeys().stream()
                .filter(key -> key.retiredAt().isEmpty()).findFirst().orElseThrow();
        return sign(ECKey.parse(active.jwk()), claims);
    }

    private static String sign(ECKey key, JWTClaimsSet claims) throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).type(new JOSEObjectType("at+jwt"))
                .keyID(key.getKeyID()).build(), claims);
        jwt.sign(new ECDSASigner(key));
        return jwt.serialize();
    }

    private static JWTClaimsSet.Builder claims() {
        Instant now = Instant.now();
        return new JWTClaimsSet.Builder().issuer(oauth.issuer()).subject(ALICE).audience(oauth.resource())
                .claim("client_id", "mlc_test").claim("scope", "read").issueTime(Date.from(now))
                .expirationTime(Date.from(now.plusSeconds(300))).jwtID(UUID.randomUUID().toString());
    }

    private static void assertRejected(Reply reply, String reason) {
        assertThat(reply.status()).as(reply.body()).isEqualTo(401);
        assertThat(reply.header("WWW-Authenticate")).hasValueSatisfying(challenge -> assertThat(challenge)
                .contains("error=\"invalid_token\"", reason, "resource_metadata="));
    }

    @Test
    void aTokenSignedByTheServerIsAccepted() throws Exception {
        assertThat(oauth.mcp(signedByServer(claims().build())).status()).isEqualTo(200);
    }

    @Test
    void aTokenForAnotherAudienceIsRejected() throws Exception {
        assertRejected(oauth.mcp(signedByServer(claims().audience("https://other.example/mcp").build())),
                "The access token is for another resource.");
    }

    @Test
    void anExpiredTokenIsRejected() throws Exception {
        Instant past = Instant.now().minusSeconds(600);
        assertRejected(oauth.mcp(signedByServer(claims().issueTime(Date.from(past))
                .expirationTime(Date.from(past.plusSeconds(60))).build())), "expired");
    }

    @Test
    void aTokenFromAnotherIssuerIsRejected() throws Exception {
        assertRejected(oauth.mcp(signedByServer(claims().issuer("https://other.example").build())),
                "issued by another server");
    }

    @Test
    void aTamperedOrForeignSignatureIsRejected() throws Exception {
        String token = signedByServer(claims().build());
        String[] parts = token.split("\\.");
        String widened = Base64.getUrlEncoder().withoutPadding().encodeToString(claims().claim("scope",
                "read write admin").build().toString().getBytes(StandardCharsets.UTF_8));
        assertRejected(oauth.mcp(parts[0] + "." + widened + "." + parts[2]), "signature");

        ECKey stranger = new ECKeyGenerator(Curve.P_256).keyID("stranger").generate();
        assertRejected(oauth.mcp(sign(stranger, claims().build())), "signature");
    }

    @Test
    void aTokenOfAUserWhoWasRemovedIsRejected() throws Exception {
        oauth.server().mallard().users().add("carol", Optional.of(OAuthFixture.PASSWORD.toCharArray()), false);
        String token = signedByServer(claims().subject("carol").build());
        assertThat(oauth.mcp(token).status()).isEqualTo(200);
        oauth.server().mallard().users().remove("carol");
        assertRejected(oauth.mcp(token), "no longer exists");
    }

    @Test
    void somethingThatIsNotAJwtIsRejected() {
        assertRejected(oauth.mcp("not-a-jwt"), "not valid");
    }

    @Test
    void revokingAnAccessTokenStopsItAndLeavesTheRefreshToken() {
        Tokens tokens = oauth.tokens(ALICE);
        assertThat(oauth.mcp(tokens.accessToken()).status()).isEqualTo(200);
        Reply revoked = oauth.postForm("/oauth/revoke", Map.of("token", tokens.accessToken(), "client_id",
                tokens.client().id()));
        assertThat(revoked.status()).as(revoked.body()).isEqualTo(200);
        assertRejected(oauth.mcp(tokens.accessToken()), "revoked");
        assertThat(oauth.refresh(tokens, tokens.refreshToken()).status()).isEqualTo(200);
    }

    @Test
    void revokingARefreshTokenRevokesItsGrant() {
        Tokens tokens = oauth.tokens(ALICE);
        Reply revoked = oauth.postForm("/oauth/revoke", Map.of("token", tokens.refreshToken(),
                "token_type_hint", "refresh_token", "client_id", tokens.client().id()));
        assertThat(revoked.status()).isEqualTo(200);
        assertThat(oauth.refresh(tokens, tokens.refreshToken()).error()).isEqualTo("invalid_grant");
        assertRejected(oauth.mcp(tokens.accessToken()), "revoked");
    }

    @Test
    void revocationAnswers200ForUnknownTokensAndIgnoresOtherClientsTokens() {
        Tokens tokens = oauth.tokens(ALICE);
        OAuthFixture.Client other = oauth.registerPublic(OAuthFixture.LOOPBACK_REDIRECT);
        assertThat(oauth.postForm("/oauth/revoke", Map.of("token", "nothing-like-a-token", "client_id", other.id()))
                .status()).isEqualTo(200);
        assertThat(oauth.postForm("/oauth/revoke", Map.of("token", tokens.refreshToken(), "client_id", other.id()))
                .status()).isEqualTo(200);
        assertThat(oauth.mcp(tokens.accessToken()).status()).isEqualTo(200);
        assertThat(oauth.refresh(tokens, tokens.refreshToken()).status()).isEqualTo(200);
    }

    @Test
    void revocationWithoutATokenOrAKnownClientIsRefused() {
        Reply missing = oauth.postForm("/oauth/revoke", Map.of("client_id", "mlc_x"));
        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.error()).isEqualTo("invalid_request");
        Reply unknown = oauth.postForm("/oauth/revoke", Map.of("token", "t", "client_id", "mlc_unknown"));
        assertThat(unknown.status()).isEqualTo(401);
        assertThat(unknown.error()).isEqualTo("invalid_client");
    }

    @Test
    void aNonAdministratorAskingForAdminGetsTheScopesTheyCanHold() {
        OAuthFixture.Client client = oauth.registerPublic(OAuthFixture.LOOPBACK_REDIRECT);
        OAuthFixture.Pkce pkce = OAuthFixture.Pkce.create();
        Map<String, String> parameters = new LinkedHashMap<>(oauth.authorizationParameters(client, pkce));
        parameters.put("scope", "read admin");
        Map<String, String> answer;
        try (Browser browser = oauth.browser()) {
            answer = oauth.authorize(browser, parameters, ALICE);
        }
        Reply tokens = oauth.token(oauth.codeExchange(new OAuthFixture.Authorized(client, pkce, answer.get("code"))));
        assertThat(tokens.json().path("scope").asString()).isEqualTo("read");
    }

    @Test
    void rotatedKeysKeepEarlierTokensValidAndNewTokensUseTheNewKey() throws Exception {
        Tokens before = oauth.tokens(ALICE);
        String oldKid = SignedJWT.parse(before.accessToken()).getHeader().getKeyID();
        SigningKeys.Rotation rotation = oauth.authorizationServer().signingKeys().rotate();
        assertThat(rotation.retiredKeyId()).contains(oldKid);

        JWKSet published = JWKSet.parse(oauth.get("/oauth/jwks.json").body());
        assertThat(published.getKeys()).extracting(key -> key.getKeyID()).contains(oldKid, rotation.newKeyId());
        assertThat(published.getKeys()).allSatisfy(key -> assertThat(key.isPrivate()).isFalse());
        assertThat(oauth.mcp(before.accessToken()).status()).isEqualTo(200);

        Tokens after = oauth.tokens(ALICE);
        assertThat(SignedJWT.parse(after.accessToken()).getHeader().getKeyID()).isEqualTo(rotation.newKeyId());
        assertThat(oauth.mcp(after.accessToken()).status()).isEqualTo(200);
    }

    @Test
    void accessTokensCarryTheClaimsOfRfc9068() throws Exception {
        Tokens tokens = oauth.tokens(ALICE);
        SignedJWT jwt = SignedJWT.parse(tokens.accessToken());
        assertThat(jwt.getHeader().getType()).isEqualTo(new JOSEObjectType("at+jwt"));
        JWTClaimsSet claims = jwt.getJWTClaimsSet();
        assertThat(claims.getIssuer()).isEqualTo(oauth.issuer());
        assertThat(claims.getSubject()).isEqualTo(ALICE);
        assertThat(claims.getAudience()).containsExactly(oauth.resource());
        assertThat(claims.getStringClaim("client_id")).isEqualTo(tokens.client().id());
        assertThat(claims.getStringClaim("scope")).isEqualTo("read write");
        assertThat(claims.getJWTID()).isNotBlank();
        assertThat(claims.getExpirationTime().toInstant()).isAfter(Instant.now().plusSeconds(500));
    }
}
