package dev.mallard.web.oauth;

import dev.mallard.oauth.OAuthError;
import java.util.LinkedHashMap;
import java.util.Map;

/** An OAuth error as a JSON body (RFC 6749 section 5.2, RFC 7591 section 3.2.2). */
final class OAuthErrors {
    private OAuthErrors() {}

    static void send(HttpCall call, int status, OAuthError error) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", error.code());
        body.put("error_description", error.description());
        call.json(status, body);
    }

    /** 401 for a client that failed to authenticate, 400 for everything else. */
    static void send(HttpCall call, OAuthError error) {
        send(call, error.isInvalidClient() ? 401 : 400, error);
    }
}
