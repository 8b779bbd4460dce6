package dev.mallard.oauth;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Where the browser goes back to the client: the redirect URI with the code or the error added to
 * its query (OAuth 2.1 section 4.1.2), always with {@code iss} (RFC 9207) so the client can tell
 * which authorization server answered.
 */
final class AuthorizationResponses {
    private AuthorizationResponses() {}

    static String success(String redirectUri, String code, Optional<String> state, String issuer) {
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("code", code);
        state.ifPresent(value -> parameters.put("state", value));
        parameters.put("iss", issuer);
        return append(redirectUri, parameters);
    }

    static String error(String redirectUri, OAuthError error, Optional<String> state, String issuer) {
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("error", error.code());
        parameters.put("error_description", error.description());
        state.ifPresent(value -> parameters.put("state", value));
        parameters.put("iss", issuer);
        return append(redirectUri, parameters);
    }

    private static String append(String redirectUri, Map<String, String> parameters) {
        return redirectUri + (redirectUri.contains("?") ? "&" : "?") + FormEncoding.encode(parameters);
    }
}
