package dev.mallard.web.oauth;

import dev.mallard.oauth.AuthorizationCheck;
import dev.mallard.oauth.AuthorizationDecision;
import dev.mallard.oauth.AuthorizationRequests;
import dev.mallard.oauth.Authorizations;
import dev.mallard.oauth.BrowserSessions;
import dev.mallard.oauth.FormEncoding;
import dev.mallard.oauth.OAuthUrls;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code POST /oauth/consent}: the user's decision. The authorization request comes back in the form
 * and is checked again in full; the form's CSRF token ties the decision to this browser's session.
 */
final class ConsentEndpoint extends PageEndpoint {
    private static final int MAX_FORM_BYTES = 32 * 1024;

    private final AuthorizationRequests requests;
    private final Authorizations authorizations;
    private final BrowserSessions sessions;
    private final SessionCookie cookie;
    private final FormGuard guard;

    ConsentEndpoint(AuthorizationRequests requests, Authorizations authorizations, BrowserSessions sessions,
            SessionCookie cookie, FormGuard guard) {
        super(Set.of("POST"));
        this.requests = requests;
        this.authorizations = authorizations;
        this.sessions = sessions;
        this.cookie = cookie;
        this.guard = guard;
    }

    @Override
    void serve(HttpCall call) {
        Optional<Map<String, List<String>>> form = guard.read(call, MAX_FORM_BYTES, "Consent refused");
        if (form.isEmpty()) {
            return;
        }
        String parameters = HttpCall.single(form.get(), ConsentPage.REQUEST_FIELD).orElse("");
        Optional<String> user = cookie.read(call).flatMap(sessions::user);
        if (user.isEmpty()) {
            // The session ended while the page was open: sign in again, then decide again.
            call.redirect(new Continuation(OAuthUrls.AUTHORIZE + "?" + parameters, List.of()).returnTo());
            return;
        }
        switch (requests.check(FormEncoding.decode(parameters))) {
            case AuthorizationCheck.Untrusted untrusted ->
                    Pages.message(call, 400, "This sign-in link cannot be used", untrusted.message());
            case AuthorizationCheck.Refused refused -> call.redirect(refused.location());
            case AuthorizationCheck.Valid valid -> {
                Optional<String> decision = HttpCall.single(form.get(), "decision");
                if (decision.equals(Optional.of("allow"))) {
                    switch (authorizations.approve(valid.request(), user.get())) {
                        case AuthorizationDecision.Approved approved -> call.redirect(approved.location());
                        case AuthorizationDecision.Refused refused -> call.redirect(refused.location());
                        case AuthorizationDecision.NeedsConsent needsConsent -> ConsentPage.show(call,
                                needsConsent.request(), needsConsent.scopes(), user.get(),
                                BrowserSessions.csrfToken(cookie.ensure(call)));
                    }
                } else {
                    call.redirect(authorizations.deny(valid.request()));
                }
            }
        }
    }
}
