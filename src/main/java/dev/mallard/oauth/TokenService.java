package dev.mallard.oauth;

/** The token endpoint's logic: authenticate the client, then hand the request to its grant. */
public final class TokenService {
    private final ClientAuthenticator clients;
    private final AuthorizationCodeGrant authorizationCode;
    private final RefreshTokenGrant refreshToken;

    TokenService(ClientAuthenticator clients, AuthorizationCodeGrant authorizationCode, RefreshTokenGrant refreshToken) {
        this.clients = clients;
        this.authorizationCode = authorizationCode;
        this.refreshToken = refreshToken;
    }

    public TokenOutcome exchange(TokenRequest request) {
        return switch (clients.authenticate(request.client())) {
            case ClientAuthenticator.Result.Failed failed -> new TokenOutcome.Failed(failed.error());
            case ClientAuthenticator.Result.Authenticated authenticated -> switch (request) {
                case TokenRequest.AuthorizationCode code -> authorizationCode.exchange(code, authenticated.client());
                case TokenRequest.RefreshToken refresh -> refreshToken.exchange(refresh, authenticated.client());
            };
        };
    }
}
