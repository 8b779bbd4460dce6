package dev.mallard.oauth.upstream;

import com.nimbusds.jwt.JWT;
import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.ErrorObject;
import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.auth.ClientAuthentication;
import com.nimbusds.oauth2.sdk.auth.ClientAuthenticationMethod;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.ClientSecretPost;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponse;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponseParser;
import dev.mallard.config.UpstreamIdentityProvider;
import dev.mallard.error.MallardException;
import java.io.IOException;
import java.net.URI;
import java.util.function.Supplier;

/**
 * Exchanges the provider's authorization code for its ID token, server to server (OpenID Connect
 * Core 1.0 section 3.1.3), authenticated with Mallard's client secret and the PKCE verifier
 * (RFC 7636 section 4.5). Only the ID token is kept: the provider's access and refresh tokens are
 * dropped, never stored and never handed to anyone.
 */
final class TokenExchange {
    private final UpstreamIdentityProvider settings;
    private final Supplier<URI> callbackUri;

    TokenExchange(UpstreamIdentityProvider settings, Supplier<URI> callbackUri) {
        this.settings = settings;
        this.callbackUri = callbackUri;
    }

    JWT idToken(ProviderConfiguration provider, String code, String codeVerifier) {
        TokenRequest request = new TokenRequest.Builder(provider.tokenEndpoint(),
                clientAuthentication(provider.clientAuthentication()),
                new AuthorizationCodeGrant(new AuthorizationCode(code), callbackUri.get(), new CodeVerifier(codeVerifier)))
                .build();
        HTTPRequest http = request.toHTTPRequest();
        http.setConnectTimeout(ProviderTimeouts.CONNECT_MILLIS);
        http.setReadTimeout(ProviderTimeouts.READ_MILLIS);
        // The request carries the client secret and the code: send it nowhere but the token endpoint.
        http.setFollowRedirects(false);
        HTTPResponse response;
        try {
            response = http.send();
        } catch (IOException e) {
            throw MallardException.configuration("Mallard could not reach the OpenID Connect provider's token endpoint "
                    + provider.tokenEndpoint() + " (" + e.getClass().getSimpleName() + ": " + e.getMessage()
                    + "). Check that this machine can reach it, then sign in again.");
        }
        TokenResponse parsed;
        try {
            parsed = OIDCTokenResponseParser.parse(response);
        } catch (ParseException e) {
            throw MallardException.configuration("The OpenID Connect provider's token endpoint " + provider.tokenEndpoint()
                    + " answered HTTP " + response.getStatusCode() + " with something that is not a token response.");
        }
        if (!parsed.indicatesSuccess()) {
            throw refused(parsed.toErrorResponse().getErrorObject());
        }
        if (!(parsed.toSuccessResponse() instanceof OIDCTokenResponse tokens) || tokens.getOIDCTokens().getIDToken() == null) {
            throw MallardException.configuration("The OpenID Connect provider answered without an ID token: check that "
                    + "client " + settings.clientId() + " may use the openid scope.");
        }
        return tokens.getOIDCTokens().getIDToken();
    }

    private ClientAuthentication clientAuthentication(ClientAuthenticationMethod method) {
        ClientID clientId = new ClientID(settings.clientId());
        Secret secret = new Secret(settings.clientSecret());
        return method.equals(ClientAuthenticationMethod.CLIENT_SECRET_POST)
                ? new ClientSecretPost(clientId, secret)
                : new ClientSecretBasic(clientId, secret);
    }

    /** RFC 6749 section 5.2's error codes, each with what to check. */
    private MallardException refused(ErrorObject error) {
        String code = error.getCode() == null ? "no error code" : error.getCode();
        String said = code + (error.getDescription() == null ? "" : ": " + error.getDescription());
        String check = switch (code) {
            case "invalid_client" -> "It did not accept Mallard's client credentials: check --oidc-client-id ("
                    + settings.clientId() + ") and the client secret (MALLARD_OIDC_CLIENT_SECRET or "
                    + "--oidc-client-secret) against the client registered at the provider.";
            case "invalid_grant" -> "The code may have expired or been used already (sign in again), or "
                    + callbackUri.get() + " is not a redirect URI registered for client " + settings.clientId()
                    + " at the provider.";
            case "unauthorized_client" -> "Client " + settings.clientId() + " may not use the authorization code "
                    + "flow: allow it in the client's settings at the provider.";
            default -> "Check the client's settings at the provider.";
        };
        return MallardException.configuration("The OpenID Connect provider refused to exchange the sign-in code ("
                + said + "). " + check);
    }
}
