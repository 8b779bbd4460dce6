package dev.mallard.web.oauth;

import dev.mallard.oauth.FormEncoding;
import dev.mallard.oauth.OAuthUrls;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where the browser goes once signed in: back to the authorization request it came with, or to the
 * connected-apps page. Always a path on this server, rebuilt from its parameters, so a form field
 * can never turn sign-in into a redirect elsewhere.
 *
 * @param formTargets where forms on the way may lead besides this server (the client's redirect origin)
 */
record Continuation(String returnTo, List<String> formTargets) {
    static final String FIELD = "continue";

    Continuation {
        returnTo = safe(returnTo);
        formTargets = List.copyOf(formTargets);
    }

    static Continuation authorization(Map<String, String> parameters, String redirectOrigin) {
        return new Continuation(OAuthUrls.AUTHORIZE + "?" + FormEncoding.encode(parameters), List.of(redirectOrigin));
    }

    static Continuation connectedApps() {
        return new Continuation(OAuthUrls.CONNECTED_APPS, List.of());
    }

    /** The authorization request's parameters, when this continues one. */
    Map<String, List<String>> authorizationParameters() {
        return returnTo.startsWith(OAuthUrls.AUTHORIZE + "?")
                ? FormEncoding.decode(returnTo.substring(OAuthUrls.AUTHORIZE.length() + 1)) : Map.of();
    }

    private static String safe(String returnTo) {
        if (returnTo == null || !returnTo.startsWith(OAuthUrls.AUTHORIZE + "?")) {
            return OAuthUrls.CONNECTED_APPS;
        }
        Map<String, String> parameters = new LinkedHashMap<>();
        FormEncoding.decode(returnTo.substring(OAuthUrls.AUTHORIZE.length() + 1))
                .forEach((name, values) -> values.forEach(value -> parameters.putIfAbsent(name, value)));
        return OAuthUrls.AUTHORIZE + "?" + FormEncoding.encode(parameters);
    }
}
