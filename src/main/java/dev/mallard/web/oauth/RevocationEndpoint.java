package dev.mallard.web.oauth;

import dev.mallard.oauth.OAuthError;
import dev.mallard.oauth.TokenRevocation;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** {@code POST /oauth/revoke} (RFC 7009 section 2): 200 for every token, known or not. */
final class RevocationEndpoint extends Endpoint {
    private final TokenRevocation revocation;

    RevocationEndpoint(TokenRevocation revocation) {
        super(Set.of("POST", "OPTIONS"), true);
        this.revocation = revocation;
    }

    @Override
    void serve(HttpCall call) {
        Optional<Map<String, List<String>>> form = call.form(TokenEndpoint.MAX_FORM_BYTES);
        if (form.isEmpty()) {
            OAuthErrors.send(call, OAuthError.invalidRequest("Send the revocation request as " + HttpCall.FORM + "."));
            return;
        }
        Optional<String> token = HttpCall.single(form.get(), "token");
        if (token.isEmpty()) {
            OAuthErrors.send(call, OAuthError.invalidRequest("token is missing: send the token to revoke."));
            return;
        }
        switch (ClientCredentialsReader.read(call, form.get())) {
            case ClientCredentialsReader.Result.Invalid invalid -> OAuthErrors.send(call, invalid.error());
            case ClientCredentialsReader.Result.Read read -> {
                Optional<OAuthError> error = revocation.revoke(read.credentials(), token.get());
                if (error.isPresent()) {
                    OAuthErrors.send(call, error.get());
                } else {
                    call.json(200, Map.of());
                }
            }
        }
    }
}
