package dev.mallard.oauth;

import dev.mallard.store.OAuthStore;
import dev.mallard.store.StoredClient;
import java.util.Locale;

/**
 * Finds clients: a client_id that is an https URL names a Client ID Metadata Document, which is
 * fetched; any other was issued by Dynamic Client Registration and is in the store.
 */
public final class Clients {
    private final OAuthStore store;
    private final ClientMetadataDocuments documents;

    Clients(OAuthStore store, ClientMetadataDocuments documents) {
        this.store = store;
        this.documents = documents;
    }

    public ClientLookup find(String clientId) {
        if (isUrl(clientId)) {
            return documents.resolve(clientId);
        }
        return store.findClient(clientId)
                .<ClientLookup>map(client -> new ClientLookup.Found(fromStore(client)))
                .orElseGet(() -> new ClientLookup.Unknown("There is no client with client_id '" + clientId
                        + "'. The app must register first (it does this on its own; removing and adding the "
                        + "server in the app usually fixes it)."));
    }

    static boolean isUrl(String clientId) {
        String lower = clientId.toLowerCase(Locale.ROOT);
        return lower.startsWith("https://") || lower.startsWith("http://");
    }

    private static OAuthClient fromStore(StoredClient client) {
        return new OAuthClient(client.clientId(), client.clientName(), client.redirectUris(), client.grantTypes(),
                client.tokenEndpointAuthMethod(), client.secretHash(), false);
    }
}
