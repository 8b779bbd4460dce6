package dev.mallard.oauth;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The discovery documents: RFC 9728 protected resource metadata for the MCP endpoint, and RFC 8414
 * authorization server metadata (served also as OpenID Connect discovery, whose validators expect a
 * few more fields; Mallard issues no ID tokens, but MCP clients try that address too).
 */
public final class ServerMetadata {
    private final OAuthUrls urls;

    ServerMetadata(OAuthUrls urls) {
        this.urls = urls;
    }

    /** RFC 9728 section 2. offline_access is not listed: refresh tokens are no resource requirement. */
    public Map<String, Object> protectedResource() {
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("resource", urls.resource());
        metadata.put("authorization_servers", List.of(urls.issuer()));
        metadata.put("scopes_supported", OAuthScopes.labels());
        metadata.put("bearer_methods_supported", List.of("header"));
        metadata.put("resource_name", "Mallard");
        return metadata;
    }

    /** RFC 8414 section 2, with the fields the MCP authorization spec relies on. */
    public Map<String, Object> authorizationServer(boolean openIdDiscovery) {
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("issuer", urls.issuer());
        metadata.put("authorization_endpoint", urls.endpoint(OAuthUrls.AUTHORIZE));
        metadata.put("token_endpoint", urls.endpoint(OAuthUrls.TOKEN));
        metadata.put("registration_endpoint", urls.endpoint(OAuthUrls.REGISTER));
        metadata.put("revocation_endpoint", urls.endpoint(OAuthUrls.REVOKE));
        metadata.put("jwks_uri", urls.endpoint(OAuthUrls.JWKS));
        List<String> scopes = new ArrayList<>(OAuthScopes.labels());
        scopes.add(OAuthScopes.OFFLINE_ACCESS);
        metadata.put("scopes_supported", scopes);
        metadata.put("response_types_supported", List.of("code"));
        metadata.put("response_modes_supported", List.of("query"));
        metadata.put("grant_types_supported", List.of(OAuthClient.AUTHORIZATION_CODE, OAuthClient.REFRESH_TOKEN));
        metadata.put("code_challenge_methods_supported", List.of("S256"));
        List<String> authMethods = List.of(OAuthClient.AUTH_NONE, OAuthClient.AUTH_BASIC, OAuthClient.AUTH_POST);
        metadata.put("token_endpoint_auth_methods_supported", authMethods);
        metadata.put("revocation_endpoint_auth_methods_supported", authMethods);
        // RFC 9207 section 3: authorization responses carry iss.
        metadata.put("authorization_response_iss_parameter_supported", true);
        metadata.put("client_id_metadata_document_supported", true);
        metadata.put("resource_indicators_supported", true);
        if (openIdDiscovery) {
            // OpenID Connect Discovery 1.0 section 3 marks these REQUIRED.
            metadata.put("subject_types_supported", List.of("public"));
            metadata.put("id_token_signing_alg_values_supported", List.of("ES256"));
        }
        return metadata;
    }
}
