package dev.mallard.config;

/**
 * Authentication of HTTP requests.
 *
 * @param allowUnauthenticatedPublicAccess lets {@link AuthMode#NONE} serve a non-loopback address:
 *     anyone who reaches the port can read the data. Off unless the operator asks for it by name.
 */
public record AuthSettings(AuthMode mode, boolean allowUnauthenticatedPublicAccess, OAuthSettings oauth) {
    public static final AuthSettings NONE = new AuthSettings(AuthMode.NONE, false, OAuthSettings.defaults());

    public boolean enabled() {
        return mode != AuthMode.NONE;
    }

    public boolean oauthEnabled() {
        return mode == AuthMode.OAUTH;
    }
}
