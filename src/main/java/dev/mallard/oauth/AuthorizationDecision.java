package dev.mallard.oauth;

import dev.mallard.auth.Scope;
import java.util.Set;

/** What happens to a valid authorization request once the user is signed in. */
public sealed interface AuthorizationDecision {
    /** The user consented before (or just now): the browser goes back to the client with a code. */
    record Approved(String location) implements AuthorizationDecision {}

    /** The user must decide: the consent page shows the client and these scopes. */
    record NeedsConsent(AuthorizationRequest request, Set<Scope> scopes) implements AuthorizationDecision {}

    /** The browser goes back to the client with an error. */
    record Refused(String location, OAuthError error) implements AuthorizationDecision {}
}
