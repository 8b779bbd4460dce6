package dev.mallard.oauth.upstream;

import java.util.Optional;

/** What the provider's answer at Mallard's callback came to. */
public sealed interface SignInOutcome {
    /** The provider signed the person in and the ID token checked out. */
    record SignedIn(UpstreamIdentity identity, PendingSignIn signIn) implements SignInOutcome {}

    /**
     * The provider did not sign the person in: they cancelled, or the provider refused them
     * ({@code access_denied} and the other answers of OpenID Connect Core 1.0 section 3.1.2.6 that
     * depend on the person, not on Mallard's configuration). Mallard's own client should be told
     * {@code access_denied}.
     *
     * @param description the provider's text, if any: not Mallard's, so escape it wherever it is shown
     */
    record Denied(PendingSignIn signIn, String error, Optional<String> description) implements SignInOutcome {}

    /**
     * The sign-in cannot go on. The message says why and what to check; it holds no token, code or
     * secret, so it can be shown to the person and logged. It may quote the provider's error text:
     * escape it wherever it is shown.
     *
     * @param signIn the pending sign-in, when the answer matched one (its state was valid)
     */
    record Failed(Optional<PendingSignIn> signIn, String message) implements SignInOutcome {}
}
