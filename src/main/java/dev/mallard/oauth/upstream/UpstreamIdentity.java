package dev.mallard.oauth.upstream;

/**
 * A person the upstream provider signed in, read from a validated ID token.
 *
 * @param issuer the provider that vouches for them
 * @param subject their stable identifier at that provider ({@code sub}, OpenID Connect Core 1.0 section 2)
 * @param userName their Mallard user name, from the configured user claim
 */
public record UpstreamIdentity(String issuer, String subject, String userName) {}
