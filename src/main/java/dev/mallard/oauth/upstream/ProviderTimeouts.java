package dev.mallard.oauth.upstream;

/**
 * Limits on every call to the provider, so that a provider that hangs costs a person a clear error
 * within seconds rather than a browser tab that never loads.
 */
final class ProviderTimeouts {
    static final int CONNECT_MILLIS = 5_000;
    static final int READ_MILLIS = 10_000;
    /** A JWK set is a few kilobytes; anything far larger is not one. */
    static final int JWK_SET_SIZE_LIMIT = 512 * 1024;

    private ProviderTimeouts() {}
}
