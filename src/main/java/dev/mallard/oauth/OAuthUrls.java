package dev.mallard.oauth;

import java.net.URI;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * Where the authorization server and the resource it protects are. The issuer is the server's base
 * URL without a trailing slash (RFC 8414 section 2: no query or fragment); the protected resource is
 * the MCP endpoint, {@code <issuer>/mcp}, which access tokens name as their audience (RFC 8707).
 * The base URL is read on every call: with port 0 it is known only once the server listens.
 */
public final class OAuthUrls {
    public static final String AUTHORIZE = "/oauth/authorize";
    public static final String TOKEN = "/oauth/token";
    public static final String REGISTER = "/oauth/register";
    public static final String REVOKE = "/oauth/revoke";
    public static final String JWKS = "/oauth/jwks.json";
    public static final String LOGIN = "/oauth/login";
    public static final String CONSENT = "/oauth/consent";
    public static final String CONNECTED_APPS = "/account/apps";
    public static final String PROTECTED_RESOURCE_METADATA = "/.well-known/oauth-protected-resource";
    public static final String AUTHORIZATION_SERVER_METADATA = "/.well-known/oauth-authorization-server";
    public static final String OPENID_CONFIGURATION = "/.well-known/openid-configuration";
    public static final String MCP_PATH = "/mcp";

    private final Supplier<URI> baseUrl;

    public OAuthUrls(Supplier<URI> baseUrl) {
        this.baseUrl = baseUrl;
    }

    /** The issuer identifier: {@code https://mallard.example.com}, no trailing slash. */
    public String issuer() {
        String base = baseUrl.get().toString();
        while (base.endsWith("/")) {
            base = base.substring(0, base.length() - 1);
        }
        return base;
    }

    /** The protected resource: the MCP endpoint. */
    public String resource() {
        return issuer() + MCP_PATH;
    }

    public String endpoint(String path) {
        return issuer() + path;
    }

    /** Where the RFC 9728 metadata of the MCP endpoint is (the path of the resource inserted, section 3.1). */
    public URI protectedResourceMetadata() {
        return URI.create(issuer() + PROTECTED_RESOURCE_METADATA + MCP_PATH);
    }

    public boolean secure() {
        return issuer().toLowerCase(Locale.ROOT).startsWith("https:");
    }

    /**
     * Whether a {@code resource} parameter names this server's MCP endpoint. Scheme and host compare
     * without regard to case (RFC 3986 section 6.2.2.1; the MCP authorization spec asks servers to
     * accept upper-case ones); the rest compares exactly.
     */
    public boolean isResource(String value) {
        try {
            return normalize(URI.create(value)).equals(normalize(URI.create(resource())));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static String normalize(URI uri) {
        if (uri.getScheme() == null || uri.getRawAuthority() == null || uri.getRawFragment() != null) {
            return "";
        }
        return uri.getScheme().toLowerCase(Locale.ROOT) + "://" + uri.getRawAuthority().toLowerCase(Locale.ROOT)
                + (uri.getRawPath() == null ? "" : uri.getRawPath())
                + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
    }
}
