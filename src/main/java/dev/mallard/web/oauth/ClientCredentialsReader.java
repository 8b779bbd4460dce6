package dev.mallard.web.oauth;

import dev.mallard.oauth.ClientCredentials;
import dev.mallard.oauth.OAuthError;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jetty.http.HttpHeader;

/**
 * Reads how a client identifies itself (RFC 6749 section 2.3.1): HTTP Basic with the form-encoded
 * client_id and secret, or client_id (and client_secret) in the form body; never both ways at once.
 */
final class ClientCredentialsReader {
    /** What reading found. */
    sealed interface Result {
        record Read(ClientCredentials credentials) implements Result {}

        record Invalid(OAuthError error) implements Result {}
    }

    private ClientCredentialsReader() {}

    static Result read(HttpCall call, Map<String, List<String>> form) {
        Optional<String> formId = HttpCall.single(form, "client_id");
        Optional<String> formSecret = HttpCall.single(form, "client_secret");
        Optional<String> authorization = call.header(HttpHeader.AUTHORIZATION.asString());
        if (authorization.isPresent() && authorization.get().toLowerCase(Locale.ROOT).startsWith("basic ")) {
            if (formSecret.isPresent()) {
                return invalid(OAuthError.invalidRequest("Authenticate the client one way only: HTTP Basic or "
                        + "client_secret in the body, not both."));
            }
            Optional<String[]> basic = basic(authorization.get().substring(6).strip());
            if (basic.isEmpty()) {
                return invalid(OAuthError.invalidClient("The Authorization header is not valid HTTP Basic "
                        + "credentials (client_id:client_secret, each form-encoded, then base64)."));
            }
            if (formId.isPresent() && !formId.get().equals(basic.get()[0])) {
                return invalid(OAuthError.invalidRequest("client_id in the body differs from the one in the "
                        + "Authorization header."));
            }
            return new Result.Read(new ClientCredentials(basic.get()[0], Optional.of(basic.get()[1]),
                    ClientCredentials.Method.BASIC));
        }
        if (formId.isEmpty()) {
            return invalid(OAuthError.invalidClient("Identify the client: send client_id (and client_secret for a "
                    + "confidential client)."));
        }
        return new Result.Read(new ClientCredentials(formId.get(), formSecret, formSecret.isPresent()
                ? ClientCredentials.Method.POST : ClientCredentials.Method.NONE));
    }

    private static Optional<String[]> basic(String encoded) {
        try {
            String decoded = new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            if (colon <= 0) {
                return Optional.empty();
            }
            return Optional.of(new String[] {URLDecoder.decode(decoded.substring(0, colon), StandardCharsets.UTF_8),
                    URLDecoder.decode(decoded.substring(colon + 1), StandardCharsets.UTF_8)});
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static Result invalid(OAuthError error) {
        return new Result.Invalid(error);
    }
}
