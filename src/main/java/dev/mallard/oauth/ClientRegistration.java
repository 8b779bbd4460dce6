package dev.mallard.oauth;

import dev.mallard.json.MallardJson;
import dev.mallard.store.OAuthStore;
import dev.mallard.store.StoredClient;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * Dynamic Client Registration (RFC 7591): any client may register, as the MCP authorization spec
 * expects of an open server; what it registers decides where codes may be sent, and the user still
 * sees and approves every client on the consent page.
 */
public final class ClientRegistration {
    private static final String CLIENT_ID_PREFIX = "mlc_";

    /** What a registration request produced. */
    public sealed interface Outcome {
        /** RFC 7591 section 3.2.1: the response body, with the client secret when one was issued. */
        record Registered(Map<String, Object> response) implements Outcome {}

        record Refused(OAuthError error) implements Outcome {}
    }

    private final OAuthStore store;
    private final Clock clock;

    ClientRegistration(OAuthStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    public Outcome register(String body) {
        JsonNode json;
        try {
            json = MallardJson.mapper().readTree(body);
        } catch (JacksonException e) {
            return new Outcome.Refused(OAuthError.invalidClientMetadata("The request body is not valid JSON: send "
                    + "the client metadata as a JSON object (RFC 7591 section 3.1)."));
        }
        return switch (ClientMetadata.parse(json, OAuthClient.AUTH_BASIC)) {
            case ClientMetadata.Parsed.Invalid invalid -> new Outcome.Refused(invalid.error());
            case ClientMetadata.Parsed.Valid valid -> new Outcome.Registered(store(valid.metadata()));
        };
    }

    private Map<String, Object> store(ClientMetadata metadata) {
        Instant now = clock.instant();
        String clientId = CLIENT_ID_PREFIX + OpaqueSecrets.id();
        Optional<String> secret = metadata.tokenEndpointAuthMethod().equals(OAuthClient.AUTH_NONE)
                ? Optional.empty() : Optional.of(OpaqueSecrets.create());
        store.insertClient(new StoredClient(clientId, secret.map(OpaqueSecrets::hash), metadata.clientName(),
                metadata.redirectUris(), metadata.grantTypes(), metadata.tokenEndpointAuthMethod(),
                metadata.applicationType(), now));
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("client_id", clientId);
        response.put("client_id_issued_at", now.getEpochSecond());
        secret.ifPresent(value -> {
            response.put("client_secret", value);
            response.put("client_secret_expires_at", 0);
        });
        metadata.clientName().ifPresent(name -> response.put("client_name", name));
        response.put("redirect_uris", metadata.redirectUris());
        response.put("grant_types", metadata.grantTypes());
        response.put("response_types", List.of("code"));
        response.put("token_endpoint_auth_method", metadata.tokenEndpointAuthMethod());
        response.put("application_type", metadata.applicationType());
        return response;
    }
}
