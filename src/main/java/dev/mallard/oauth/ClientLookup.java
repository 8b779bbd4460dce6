package dev.mallard.oauth;

/** What looking up a client_id found. */
public sealed interface ClientLookup {
    record Found(OAuthClient client) implements ClientLookup {}

    /** No such client, or its metadata document could not be used; the reason says which and why. */
    record Unknown(String reason) implements ClientLookup {}
}
