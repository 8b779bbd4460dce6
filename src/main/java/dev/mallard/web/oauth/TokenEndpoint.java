package dev.mallard.web.oauth;

import dev.mallard.oauth.ClientCredentials;
import dev.mallard.oauth.OAuthError;
import dev.mallard.oauth.TokenOutcome;
import dev.mallard.oauth.TokenService;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.eclipse.jetty.http.HttpHeader;

/** {@code POST /oauth/token} (RFC 6749 section 3.2): codes and refresh tokens for access tokens. */
final class TokenEndpoint extends Endpoint {
    static final int MAX_FORM_BYTES = 16 * 1024;

    private final TokenService tokens;

    TokenEndpoint(TokenService tokens) {
        super(Set.of("POST", "OPTIONS"), true);
        this.tokens = tokens;
    }

    @Override
    void serve(HttpCall call) {
        Optional<Map<String, List<String>>> form = call.form(MAX_FORM_BYTES);
        if (form.isEmpty()) {
            OAuthErrors.send(call, OAuthError.invalidRequest("Send the token request as "
                    + HttpCall.FORM + " (at most " + MAX_FORM_BYTES / 1024 + " KiB)."));
            return;
        }
        ClientCredentials client;
        switch (ClientCredentialsReader.read(call, form.get())) {
            case ClientCredentialsReader.Result.Invalid invalid -> {
                fail(call, invalid.error(), true);
                return;
            }
            case ClientCredentialsReader.Result.Read read -> client = read.credentials();
        }
        switch (TokenRequestConverter.convert(form.get(), client)) {
            case TokenRequestConverter.Result.Invalid invalid -> fail(call, invalid.error(), false);
            case TokenRequestConverter.Result.Converted converted -> {
                switch (tokens.exchange(converted.request())) {
                    case TokenOutcome.Issued issued -> call.json(200, issued.response().body());
                    case TokenOutcome.Failed failed -> fail(call, failed.error(),
                            client.method() == ClientCredentials.Method.BASIC);
                }
            }
        }
    }

    /** RFC 6749 section 5.2: a client that tried HTTP Basic and failed gets the Basic challenge. */
    private static void fail(HttpCall call, OAuthError error, boolean basicChallenge) {
        if (error.isInvalidClient() && basicChallenge) {
            call.putHeader(HttpHeader.WWW_AUTHENTICATE.asString(), "Basic realm=\"mallard\"");
        }
        OAuthErrors.send(call, error);
    }
}
