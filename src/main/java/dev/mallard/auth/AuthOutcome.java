package dev.mallard.auth;

/** What checking a request's credential found. */
public sealed interface AuthOutcome {
    /** The credential is valid; the request acts for this principal. */
    record Authenticated(Principal principal) implements AuthOutcome {}

    /** The request carries no credential. */
    record Missing() implements AuthOutcome {}

    /**
     * The credential is not valid (unknown, revoked, expired, for another audience). The reason is
     * for the client and names no secret.
     */
    record Rejected(String reason) implements AuthOutcome {}
}
