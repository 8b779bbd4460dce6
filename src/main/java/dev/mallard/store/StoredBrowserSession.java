package dev.mallard.store;

import java.time.Instant;

/** A browser signed in to Mallard's authorization server pages; only the hash of the cookie's id is stored. */
public record StoredBrowserSession(String idHash, String user, Instant createdAt, Instant expiresAt) {}
