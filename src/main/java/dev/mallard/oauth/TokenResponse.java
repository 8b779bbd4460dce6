package dev.mallard.oauth;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** A successful token response (RFC 6749 section 5.1). */
public record TokenResponse(String accessToken, long expiresIn, Optional<String> refreshToken, String scope) {
    public Map<String, Object> body() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("access_token", accessToken);
        body.put("token_type", "Bearer");
        body.put("expires_in", expiresIn);
        refreshToken.ifPresent(token -> body.put("refresh_token", token));
        body.put("scope", scope);
        return body;
    }

    @Override
    public String toString() {
        return "TokenResponse[expiresIn=" + expiresIn + ", scope=" + scope + "]";
    }
}
