package dev.mallard.oauth;

import dev.mallard.json.MallardJson;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * Clients identified by the URL of their Client ID Metadata Document
 * (draft-ietf-oauth-client-id-metadata-document, as the MCP authorization spec uses it): the
 * document is fetched, checked (its client_id must be its own URL, redirect_uris present) and
 * cached as long as its Cache-Control allows, within bounds. Only public clients: Mallard does not
 * support private_key_jwt, the one way such a client could authenticate.
 */
final class ClientMetadataDocuments {
    private static final int MAX_CACHED = 500;
    private static final Duration DEFAULT_CACHE = Duration.ofMinutes(5);
    private static final Duration MAX_CACHE = Duration.ofHours(24);

    private record Cached(OAuthClient client, Instant until) {}

    private final MetadataDocumentFetcher fetcher;
    private final boolean allowHttp;
    private final Clock clock;
    private final Map<String, Cached> cache = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Cached> eldest) {
            return size() > MAX_CACHED;
        }
    };

    /** @param allowPrivate also fetch from loopback and private addresses, and over plain http (tests) */
    ClientMetadataDocuments(boolean allowPrivate, Clock clock) {
        this.fetcher = new MetadataDocumentFetcher(new FetchAddresses(allowPrivate));
        this.allowHttp = allowPrivate;
        this.clock = clock;
    }

    ClientLookup resolve(String clientId) {
        Instant now = clock.instant();
        synchronized (cache) {
            Cached cached = cache.get(clientId);
            if (cached != null && cached.until().isAfter(now)) {
                return new ClientLookup.Found(cached.client());
            }
        }
        Optional<String> problem = urlProblem(clientId);
        if (problem.isPresent()) {
            return unusable(clientId, problem.get());
        }
        return switch (fetcher.fetch(URI.create(clientId))) {
            case MetadataDocumentFetcher.Result.Failed failed -> unusable(clientId, failed.reason());
            case MetadataDocumentFetcher.Result.Fetched fetched -> accept(clientId, fetched, now);
        };
    }

    private ClientLookup accept(String clientId, MetadataDocumentFetcher.Result.Fetched fetched, Instant now) {
        JsonNode json;
        try {
            json = MallardJson.mapper().readTree(fetched.body());
        } catch (JacksonException e) {
            return unusable(clientId, "The document is not valid JSON.");
        }
        JsonNode documentId = json.get("client_id");
        if (documentId == null || !documentId.isString() || !documentId.asString().equals(clientId)) {
            return unusable(clientId, "The document's client_id is not its own URL; the two must be identical.");
        }
        return switch (ClientMetadata.parse(json, OAuthClient.AUTH_NONE)) {
            case ClientMetadata.Parsed.Invalid invalid -> unusable(clientId, invalid.error().description());
            case ClientMetadata.Parsed.Valid valid when !valid.metadata().tokenEndpointAuthMethod()
                    .equals(OAuthClient.AUTH_NONE) -> unusable(clientId, "The document asks for token endpoint "
                            + "authentication '" + valid.metadata().tokenEndpointAuthMethod() + "'; Mallard supports "
                            + "only public clients (none) for metadata documents.");
            case ClientMetadata.Parsed.Valid valid -> {
                ClientMetadata metadata = valid.metadata();
                OAuthClient client = new OAuthClient(clientId, metadata.clientName(), metadata.redirectUris(),
                        metadata.grantTypes(), OAuthClient.AUTH_NONE, Optional.empty(), true);
                Duration lifetime = fetched.maxAge().orElse(DEFAULT_CACHE);
                if (lifetime.isPositive()) {
                    synchronized (cache) {
                        cache.put(clientId, new Cached(client, now.plus(lifetime.compareTo(MAX_CACHE) > 0
                                ? MAX_CACHE : lifetime)));
                    }
                }
                yield new ClientLookup.Found(client);
            }
        };
    }

    /** The draft's section 3: an https URL with a path, no fragment, no credentials, no dot segments. */
    private Optional<String> urlProblem(String clientId) {
        URI url;
        try {
            url = new URI(clientId);
        } catch (URISyntaxException e) {
            return Optional.of("It is not a valid URL.");
        }
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !(allowHttp && scheme.equals("http"))) {
            return Optional.of("A client_id URL must use https.");
        }
        if (url.getHost() == null || url.getRawUserInfo() != null || url.getRawFragment() != null) {
            return Optional.of("A client_id URL needs a host, and no user name or fragment.");
        }
        String path = url.getRawPath();
        if (path == null || path.length() < 2 || path.contains("/./") || path.contains("/../")) {
            return Optional.of("A client_id URL needs a path (such as /client.json) without . or .. segments.");
        }
        return Optional.empty();
    }

    private static ClientLookup unusable(String clientId, String reason) {
        return new ClientLookup.Unknown("The client metadata document at " + clientId + " cannot be used: " + reason);
    }
}
