package dev.mallard.oauth;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * Client metadata (RFC 7591 section 2), as a registration request or a Client ID Metadata Document
 * carries it, checked against what Mallard supports.
 *
 * @param applicationType {@code native} or {@code web}; the MCP authorization draft asks clients to send
 *     it, older clients do not, so it is recorded and not used to refuse redirect URIs
 */
record ClientMetadata(Optional<String> clientName, List<String> redirectUris, List<String> grantTypes,
        String tokenEndpointAuthMethod, String applicationType) {
    private static final int MAX_REDIRECT_URIS = 20;
    private static final int MAX_NAME_LENGTH = 200;
    private static final Set<String> GRANT_TYPES = Set.of(OAuthClient.AUTHORIZATION_CODE, OAuthClient.REFRESH_TOKEN);
    private static final Set<String> AUTH_METHODS = Set.of(OAuthClient.AUTH_NONE, OAuthClient.AUTH_BASIC,
            OAuthClient.AUTH_POST);

    /** What parsing found: metadata Mallard can serve, or the RFC 7591 error that says why not. */
    sealed interface Parsed {
        record Valid(ClientMetadata metadata) implements Parsed {}

        record Invalid(OAuthError error) implements Parsed {}
    }

    /**
     * @param defaultAuthMethod the token endpoint authentication method when none is given:
     *     {@code client_secret_basic} for registration (RFC 7591 section 2), {@code none} for a
     *     metadata document (whose client has no secret to present)
     */
    static Parsed parse(JsonNode json, String defaultAuthMethod) {
        if (json == null || !json.isObject()) {
            return invalid("The client metadata must be a JSON object.");
        }
        Optional<List<String>> redirectUris = strings(json.get("redirect_uris"));
        if (redirectUris.isEmpty() || redirectUris.get().isEmpty()) {
            return new Parsed.Invalid(OAuthError.invalidRedirectUri("redirect_uris must be a non-empty array of "
                    + "URIs where the client receives authorization codes."));
        }
        if (redirectUris.get().size() > MAX_REDIRECT_URIS) {
            return new Parsed.Invalid(OAuthError.invalidRedirectUri("At most " + MAX_REDIRECT_URIS
                    + " redirect URIs may be registered."));
        }
        for (String uri : redirectUris.get()) {
            Optional<String> problem = RedirectUris.problem(uri);
            if (problem.isPresent()) {
                return new Parsed.Invalid(OAuthError.invalidRedirectUri(problem.get()));
            }
        }
        Optional<List<String>> grantTypes = json.has("grant_types") ? strings(json.get("grant_types"))
                : Optional.of(List.of(OAuthClient.AUTHORIZATION_CODE));
        if (grantTypes.isEmpty() || !GRANT_TYPES.containsAll(grantTypes.get())
                || !grantTypes.get().contains(OAuthClient.AUTHORIZATION_CODE)) {
            return invalid("grant_types must include authorization_code and may add refresh_token; Mallard "
                    + "supports no other grant.");
        }
        Optional<List<String>> responseTypes = json.has("response_types") ? strings(json.get("response_types"))
                : Optional.of(List.of("code"));
        if (responseTypes.isEmpty() || !responseTypes.get().equals(List.of("code"))) {
            return invalid("response_types must be [\"code\"]: Mallard supports the authorization code flow only.");
        }
        String authMethod = text(json, "token_endpoint_auth_method").orElse(defaultAuthMethod);
        if (!AUTH_METHODS.contains(authMethod)) {
            return invalid("token_endpoint_auth_method '" + authMethod + "' is not supported. Use none (a public "
                    + "client with PKCE), client_secret_basic or client_secret_post.");
        }
        String applicationType = text(json, "application_type").orElse("web");
        if (!applicationType.equals("web") && !applicationType.equals("native")) {
            return invalid("application_type must be native or web.");
        }
        if (json.has("client_name") && !json.get("client_name").isString()) {
            return invalid("client_name must be a string.");
        }
        Optional<String> name = text(json, "client_name").map(ClientMetadata::printable);
        if (name.isPresent() && name.get().length() > MAX_NAME_LENGTH) {
            return invalid("client_name must be at most " + MAX_NAME_LENGTH + " characters.");
        }
        return new Parsed.Valid(new ClientMetadata(name.filter(n -> !n.isBlank()), redirectUris.get(),
                grantTypes.get(), authMethod, applicationType));
    }

    private static Parsed invalid(String description) {
        return new Parsed.Invalid(OAuthError.invalidClientMetadata(description));
    }

    private static Optional<String> text(JsonNode json, String field) {
        JsonNode value = json.get(field);
        return value != null && value.isString() ? Optional.of(value.asString().strip()) : Optional.empty();
    }

    private static Optional<List<String>> strings(JsonNode array) {
        if (array == null || !array.isArray()) {
            return Optional.empty();
        }
        List<String> values = new ArrayList<>();
        for (JsonNode item : array) {
            if (!item.isString()) {
                return Optional.empty();
            }
            values.add(item.asString());
        }
        return Optional.of(List.copyOf(values));
    }

    /** A name shown to people: control characters (line breaks, bidi overrides) replaced by spaces. */
    private static String printable(String name) {
        StringBuilder out = new StringBuilder(name.length());
        name.codePoints().forEach(c -> out.appendCodePoint(Character.isISOControl(c)
                || Character.getType(c) == Character.FORMAT ? ' ' : c));
        return out.toString().strip();
    }
}
