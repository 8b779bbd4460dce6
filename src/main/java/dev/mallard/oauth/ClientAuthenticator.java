package dev.mallard.oauth;

/**
 * Authenticates a client at the token and revocation endpoints: a public client by its client_id,
 * a confidential one by its secret, compared with the stored hash in constant time.
 */
final class ClientAuthenticator {
    /** What authenticating found. */
    sealed interface Result {
        record Authenticated(OAuthClient client) implements Result {}

        record Failed(OAuthError error) implements Result {}
    }

    private final Clients clients;

    ClientAuthenticator(Clients clients) {
        this.clients = clients;
    }

    Result authenticate(ClientCredentials credentials) {
        OAuthClient client;
        switch (clients.find(credentials.clientId())) {
            case ClientLookup.Unknown unknown -> {
                return failed("Unknown client '" + credentials.clientId() + "'. Register it again.");
            }
            case ClientLookup.Found found -> client = found.client();
        }
        if (client.isPublic()) {
            return credentials.secret().isPresent()
                    ? failed("This client was registered as a public client (token_endpoint_auth_method none): "
                            + "send no client secret.")
                    : new Result.Authenticated(client);
        }
        if (credentials.secret().isEmpty()) {
            return failed("This client must authenticate with its client secret (" + client.tokenEndpointAuthMethod()
                    + ").");
        }
        boolean matches = client.secretHash().map(hash -> OpaqueSecrets.equal(hash,
                OpaqueSecrets.hash(credentials.secret().get()))).orElse(false);
        return matches ? new Result.Authenticated(client) : failed("The client secret is wrong.");
    }

    private static Result failed(String description) {
        return new Result.Failed(OAuthError.invalidClient(description));
    }
}
