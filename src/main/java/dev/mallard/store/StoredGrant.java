package dev.mallard.store;

import java.time.Instant;

/** A user's access ({@code read} or {@code write}) to one database, or to every database ({@code *}). */
public record StoredGrant(String user, String database, String access, Instant grantedAt) {}
