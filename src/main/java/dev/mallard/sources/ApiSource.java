package dev.mallard.sources;

import dev.mallard.error.MallardException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * An HTTP JSON API registered as a source: its base URL, headers sent with every request, the
 * optional auth header, and the endpoints synced into tables. Validated on construction; whether the
 * host may be reached is checked when a sync resolves it ({@link SourceAddresses}).
 */
public record ApiSource(String name, URI baseUrl, Map<String, String> headers, Optional<ApiAuth> auth,
        List<ApiEndpoint> endpoints) {
    public ApiSource {
        SourceNames.require("source", name);
        baseUrl = checkBaseUrl(baseUrl);
        headers = Map.copyOf(headers);
        if (endpoints.isEmpty()) {
            throw MallardException.invalidArgument("Source '" + name + "' has no endpoints: add at least one endpoint "
                    + "and the table it fills.");
        }
        Set<String> tables = new HashSet<>();
        for (ApiEndpoint endpoint : endpoints) {
            if (!tables.add(endpoint.table())) {
                throw MallardException.invalidArgument("Source '" + name + "' fills table '" + endpoint.table()
                        + "' from two endpoints; give each endpoint its own table.");
            }
        }
        endpoints = List.copyOf(endpoints);
    }

    public static ApiSource of(String name, String baseUrl, List<ApiEndpoint> endpoints) {
        return new ApiSource(name, parse(baseUrl), Map.of(), Optional.empty(), endpoints);
    }

    public ApiSource withAuth(String headerName, String secret) {
        return new ApiSource(name, baseUrl, headers, Optional.of(new ApiAuth(headerName, secret)), endpoints);
    }

    public ApiSource withHeaders(Map<String, String> headers) {
        return new ApiSource(name, baseUrl, headers, auth, endpoints);
    }

    private static URI parse(String url) {
        try {
            return new URI(url);
        } catch (URISyntaxException e) {
            throw MallardException.invalidArgument("'" + url + "' is not a valid URL: " + e.getReason() + ".");
        }
    }

    private static URI checkBaseUrl(URI url) {
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !scheme.equals("http") || url.getHost() == null) {
            throw MallardException.invalidArgument("The base URL '" + url + "' must be an https:// URL with a host.");
        }
        if (url.getRawUserInfo() != null || url.getRawQuery() != null || url.getRawFragment() != null) {
            throw MallardException.invalidArgument("The base URL '" + url + "' must not carry user info, a query or a "
                    + "fragment: put credentials in the auth header and parameters in each endpoint's query.");
        }
        if (scheme.equals("http") && !SourceAddresses.isLoopbackName(url.getHost())) {
            throw MallardException.invalidArgument("The base URL '" + url + "' uses plain http, which Mallard only "
                    + "allows for loopback (localhost, 127.0.0.1, [::1]). Use https://.");
        }
        return url;
    }
}
