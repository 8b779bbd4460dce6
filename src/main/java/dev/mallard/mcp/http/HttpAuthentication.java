package dev.mallard.mcp.http;

import dev.mallard.auth.AuthOutcome;
import dev.mallard.auth.BearerAuthenticator;
import dev.mallard.auth.Principal;
import dev.mallard.auth.Scope;
import java.net.URI;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;

/**
 * Who an HTTP request to the MCP endpoint acts for. Every request is checked on its own (the MCP
 * authorization spec: a session id is never a credential), and failures carry the
 * {@code WWW-Authenticate} challenge of RFC 6750 section 3, with the RFC 9728 {@code resource_metadata}
 * link when the OAuth server is on, so a client can find where to get a token.
 */
public final class HttpAuthentication {
    /** The outcome for one request. */
    public sealed interface Result {
        record Allowed(Principal principal) implements Result {}

        record Refused(int status, String challenge, String message) implements Result {}
    }

    private final Optional<BearerAuthenticator> authenticator;
    private final Optional<Supplier<URI>> resourceMetadata;
    private final Set<Scope> challengeScopes;

    private HttpAuthentication(Optional<BearerAuthenticator> authenticator, Optional<Supplier<URI>> resourceMetadata,
            Set<Scope> challengeScopes) {
        this.authenticator = authenticator;
        this.resourceMetadata = resourceMetadata;
        this.challengeScopes = Set.copyOf(challengeScopes);
    }

    /** No authentication: every request acts as the local user (only allowed on a loopback address). */
    public static HttpAuthentication none() {
        return new HttpAuthentication(Optional.empty(), Optional.empty(), Set.of());
    }

    /**
     * Bearer credentials.
     *
     * @param resourceMetadata where the RFC 9728 protected resource metadata is, when OAuth is on
     * @param challengeScopes the scopes a client without a credential is told to ask for: what this
     *     server's tools can use (read, and write when writes are on); grants still decide the data
     */
    public static HttpAuthentication bearer(BearerAuthenticator authenticator,
            Optional<Supplier<URI>> resourceMetadata, Set<Scope> challengeScopes) {
        return new HttpAuthentication(Optional.of(authenticator), resourceMetadata, challengeScopes);
    }

    public Result authenticate(Request request) {
        if (authenticator.isEmpty()) {
            return new Result.Allowed(Principal.LOCAL);
        }
        return switch (authenticator.get().authenticate(request.getHeaders().get(HttpHeader.AUTHORIZATION))) {
            case AuthOutcome.Authenticated authenticated -> new Result.Allowed(authenticated.principal());
            case AuthOutcome.Missing missing -> new Result.Refused(401, challenge(null, null, challengeScopes),
                    "Unauthorized: this server needs a credential. Send 'Authorization: Bearer <API key or access "
                            + "token>'" + (resourceMetadata.isPresent() ? ", or sign in with OAuth." : "."));
            case AuthOutcome.Rejected rejected -> new Result.Refused(401,
                    challenge("invalid_token", rejected.reason(), Set.of()), "Unauthorized: " + rejected.reason());
        };
    }

    /**
     * The 403 answer for a credential that lacks a tool's scope (MCP authorization, "Scope Challenge
     * Handling"): the challenge names the scopes to ask for, the ones held plus the one needed, so a
     * client stepping up does not lose what it had.
     */
    public Optional<Result.Refused> requireScope(Principal principal, Scope needed, String tool) {
        if (principal.has(needed)) {
            return Optional.empty();
        }
        Set<Scope> wanted = EnumSet.of(needed);
        wanted.addAll(principal.scopes());
        String message = "Forbidden: the tool " + tool + " needs the " + Scope.either(needed) + " scope, which "
                + "this credential does not have. Use an API key created with --scopes " + needed.label()
                + (resourceMetadata.isPresent() ? ", or authorize again asking for it." : ".");
        return Optional.of(new Result.Refused(403, challenge("insufficient_scope",
                "The " + tool + " tool needs the " + Scope.either(needed).replace("'", "") + " scope.", wanted),
                message));
    }

    private String challenge(String error, String description, Set<Scope> scopes) {
        StringBuilder challenge = new StringBuilder("Bearer realm=\"mallard\"");
        if (error != null) {
            challenge.append(", error=\"").append(error).append('"');
        }
        if (description != null) {
            challenge.append(", error_description=\"").append(quotable(description)).append('"');
        }
        if (!scopes.isEmpty()) {
            challenge.append(", scope=\"").append(Scope.labels(scopes)).append('"');
        }
        resourceMetadata.ifPresent(url -> challenge.append(", resource_metadata=\"").append(url.get()).append('"'));
        return challenge.toString();
    }

    /** RFC 6750 section 3: error_description holds printable ASCII without quote or backslash. */
    private static String quotable(String text) {
        StringBuilder out = new StringBuilder();
        for (char c : text.toCharArray()) {
            out.append(c >= 0x20 && c < 0x7f && c != '"' && c != '\\' ? c : ' ');
        }
        return out.toString();
    }
}
