package dev.mallard.config;

/** How HTTP requests prove who they act for. stdio always serves the local user. */
public enum AuthMode {
    /** No credentials: every request acts as the local user. Only on a loopback address. */
    NONE,
    /** API keys ({@code Authorization: Bearer mlk_...}). */
    KEYS,
    /** Mallard's OAuth 2.1 authorization server, and API keys beside it. */
    OAUTH
}
