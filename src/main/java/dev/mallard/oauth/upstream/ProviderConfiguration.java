package dev.mallard.oauth.upstream;

import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.oauth2.sdk.auth.ClientAuthenticationMethod;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.openid.connect.sdk.validators.IDTokenValidator;
import java.net.URI;
import java.time.Instant;

/**
 * What Mallard uses of the provider's discovery document, checked: where to send the person, where
 * to exchange the code and how to authenticate there, and how to check its ID tokens.
 *
 * @param issuerParameterRequired whether the provider promised to return {@code iss} with its
 *     authorization responses (RFC 9207 section 3), so that an answer without one is refused
 * @param keys the provider's signing keys, cached, as the ID token validator uses them
 */
record ProviderConfiguration(Issuer issuer, URI authorizationEndpoint, URI tokenEndpoint, URI jwksUri,
        ClientAuthenticationMethod clientAuthentication, boolean issuerParameterRequired,
        JWKSource<SecurityContext> keys, IDTokenValidator idTokens, Instant loadedAt) {}
