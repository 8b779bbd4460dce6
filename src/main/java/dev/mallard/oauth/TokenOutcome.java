package dev.mallard.oauth;

/** What a token request produced. */
public sealed interface TokenOutcome {
    record Issued(TokenResponse response) implements TokenOutcome {}

    record Failed(OAuthError error) implements TokenOutcome {}
}
