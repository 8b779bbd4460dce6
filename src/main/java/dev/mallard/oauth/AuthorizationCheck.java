package dev.mallard.oauth;

/** What checking an authorization request found. */
public sealed interface AuthorizationCheck {
    record Valid(AuthorizationRequest request) implements AuthorizationCheck {}

    /**
     * The client or its redirect URI cannot be trusted, so the error is shown to the user and never
     * sent anywhere (OAuth 2.1 section 4.1.2.1).
     */
    record Untrusted(String message) implements AuthorizationCheck {}

    /** The request is wrong in a way the client must hear about: the browser goes back with the error. */
    record Refused(String location, OAuthError error) implements AuthorizationCheck {}
}
