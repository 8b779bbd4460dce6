package dev.mallard.oauth;

/**
 * An OAuth error as the protocol carries it: a registered code (RFC 6749 sections 4.1.2.1 and 5.2,
 * RFC 7591 section 3.2.2, RFC 8707 section 2) and a description that says what to do next.
 */
public record OAuthError(String code, String description) {
    public static OAuthError invalidRequest(String description) {
        return new OAuthError("invalid_request", description);
    }

    public static OAuthError invalidClient(String description) {
        return new OAuthError("invalid_client", description);
    }

    public static OAuthError invalidGrant(String description) {
        return new OAuthError("invalid_grant", description);
    }

    public static OAuthError unauthorizedClient(String description) {
        return new OAuthError("unauthorized_client", description);
    }

    public static OAuthError unsupportedGrantType(String description) {
        return new OAuthError("unsupported_grant_type", description);
    }

    public static OAuthError unsupportedResponseType(String description) {
        return new OAuthError("unsupported_response_type", description);
    }

    public static OAuthError invalidScope(String description) {
        return new OAuthError("invalid_scope", description);
    }

    public static OAuthError invalidTarget(String description) {
        return new OAuthError("invalid_target", description);
    }

    public static OAuthError accessDenied(String description) {
        return new OAuthError("access_denied", description);
    }

    public static OAuthError invalidRedirectUri(String description) {
        return new OAuthError("invalid_redirect_uri", description);
    }

    public static OAuthError invalidClientMetadata(String description) {
        return new OAuthError("invalid_client_metadata", description);
    }

    /** Whether a failed client authentication answers 401 (RFC 6749 section 5.2). */
    public boolean isInvalidClient() {
        return code.equals("invalid_client");
    }
}
