package dev.mallard.store;

import java.time.Instant;

/** A user's consent to an OAuth client acting for them with these scopes (labels separated by spaces). */
public record StoredConsent(String user, String clientId, String scopes, Instant grantedAt) {}
