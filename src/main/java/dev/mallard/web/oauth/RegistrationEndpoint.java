package dev.mallard.web.oauth;

import dev.mallard.oauth.ClientRegistration;
import dev.mallard.oauth.OAuthError;
import java.util.Optional;
import java.util.Set;

/** {@code POST /oauth/register}: Dynamic Client Registration (RFC 7591 section 3). */
final class RegistrationEndpoint extends Endpoint {
    private static final int MAX_BYTES = 16 * 1024;

    private final ClientRegistration registration;

    RegistrationEndpoint(ClientRegistration registration) {
        super(Set.of("POST", "OPTIONS"), true);
        this.registration = registration;
    }

    @Override
    void serve(HttpCall call) {
        if (!call.hasContentType("application/json")) {
            OAuthErrors.send(call, 400, OAuthError.invalidClientMetadata("Send the client metadata as a JSON object "
                    + "with Content-Type: application/json."));
            return;
        }
        Optional<String> body = call.body(MAX_BYTES);
        if (body.isEmpty()) {
            OAuthErrors.send(call, 400, OAuthError.invalidClientMetadata("The client metadata is larger than "
                    + MAX_BYTES / 1024 + " KiB."));
            return;
        }
        switch (registration.register(body.get())) {
            case ClientRegistration.Outcome.Registered registered -> call.json(201, registered.response());
            case ClientRegistration.Outcome.Refused refused -> OAuthErrors.send(call, 400, refused.error());
        }
    }
}
