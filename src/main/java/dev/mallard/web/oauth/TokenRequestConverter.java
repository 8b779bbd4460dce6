package dev.mallard.web.oauth;

import dev.mallard.oauth.ClientCredentials;
import dev.mallard.oauth.OAuthError;
import dev.mallard.oauth.TokenRequest;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Turns a token request's form (RFC 6749 sections 4.1.3 and 6) into a typed {@link TokenRequest}. */
final class TokenRequestConverter {
    /** What converting found. */
    sealed interface Result {
        record Converted(TokenRequest request) implements Result {}

        record Invalid(OAuthError error) implements Result {}
    }

    private TokenRequestConverter() {}

    static Result convert(Map<String, List<String>> form, ClientCredentials client) {
        for (Map.Entry<String, List<String>> parameter : form.entrySet()) {
            // RFC 6749 section 3.2: parameters must not be included more than once.
            if (parameter.getValue().size() > 1 && !parameter.getKey().equals("resource")) {
                return invalid("The parameter " + parameter.getKey() + " is given more than once.");
            }
        }
        Optional<String> grantType = HttpCall.single(form, "grant_type");
        if (grantType.isEmpty()) {
            return invalid("grant_type is missing: use authorization_code or refresh_token.");
        }
        List<String> resources = form.getOrDefault("resource", List.of());
        if (resources.size() > 1) {
            return new Result.Invalid(OAuthError.invalidTarget("Ask for one resource: this server's MCP endpoint."));
        }
        Optional<String> resource = resources.stream().findFirst();
        return switch (grantType.get()) {
            case "authorization_code" -> {
                Optional<String> code = HttpCall.single(form, "code");
                Optional<String> verifier = HttpCall.single(form, "code_verifier");
                if (code.isEmpty()) {
                    yield invalid("code is missing: send the authorization code from the redirect.");
                }
                if (verifier.isEmpty()) {
                    yield invalid("code_verifier is missing: PKCE is required, send the verifier whose S256 hash "
                            + "was the code_challenge.");
                }
                yield new Result.Converted(new TokenRequest.AuthorizationCode(client, code.get(),
                        HttpCall.single(form, "redirect_uri"), verifier.get(), resource));
            }
            case "refresh_token" -> {
                Optional<String> token = HttpCall.single(form, "refresh_token");
                yield token.isEmpty() ? invalid("refresh_token is missing.")
                        : new Result.Converted(new TokenRequest.RefreshToken(client, token.get(),
                                HttpCall.single(form, "scope"), resource));
            }
            default -> new Result.Invalid(OAuthError.unsupportedGrantType("grant_type " + grantType.get()
                    + " is not supported: use authorization_code or refresh_token."));
        };
    }

    private static Result invalid(String description) {
        return new Result.Invalid(OAuthError.invalidRequest(description));
    }
}
