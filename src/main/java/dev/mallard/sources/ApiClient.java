package dev.mallard.sources;

import dev.mallard.MallardVersion;
import dev.mallard.json.MallardJson;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * The HTTP side of one sync: GETs a page with the source's headers, retries 429, 5xx and network
 * errors with backoff (honouring Retry-After up to a bound), counts the bytes against the sync's
 * budget and parses the body as JSON. Redirects are not followed, so the auth header only ever goes
 * to the source's own origin.
 */
final class ApiClient {
    /** What one request brought back. */
    record Page(JsonNode body, HttpHeaders headers) {}

    private final HttpClient http;
    private final ApiSource source;
    private final SyncLimits limits;
    private final SourceAddresses addresses;
    private long bytesLeft;

    ApiClient(HttpClient http, ApiSource source, SyncLimits limits) {
        this.http = http;
        this.source = source;
        this.limits = limits;
        this.addresses = new SourceAddresses(limits.allowPrivateAddresses());
        this.bytesLeft = limits.maxBytes();
    }

    Page get(URI url, String table, int page) throws SyncFailure, InterruptedException {
        Optional<String> refusal = addresses.refusal(url);
        if (refusal.isPresent()) {
            throw new SyncFailure(table, page, refusal.get());
        }
        HttpRequest request = request(url);
        Duration wait = limits.backoff();
        for (int attempt = 0;; attempt++) {
            boolean last = attempt == limits.retries();
            HttpResponse<InputStream> response;
            try {
                response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
            } catch (HttpTimeoutException e) {
                if (last) {
                    throw new SyncFailure(table, page, "The API did not answer within "
                            + limits.requestTimeout().toSeconds() + " s (after " + (attempt + 1) + " attempts).");
                }
                wait = pause(wait);
                continue;
            } catch (IOException e) {
                if (last) {
                    throw new SyncFailure(table, page, "The API could not be reached: " + e.getMessage());
                }
                wait = pause(wait);
                continue;
            }
            int status = response.statusCode();
            if (status == 200) {
                return new Page(parse(response, table, page), response.headers());
            }
            discard(response);
            if ((status == 429 || status >= 500) && !last) {
                Duration asked = retryAfter(response.headers()).orElse(wait);
                if (asked.compareTo(limits.maxRetryWait()) > 0) {
                    throw new SyncFailure(table, page, OptionalInt.of(status), "The API asked to retry after "
                            + asked.toSeconds() + " s, longer than the " + limits.maxRetryWait().toSeconds()
                            + " s a sync waits. Sync again later.");
                }
                Thread.sleep(asked);
                wait = wait.multipliedBy(2);
                continue;
            }
            throw new SyncFailure(table, page, OptionalInt.of(status), statusMessage(status, attempt));
        }
    }

    private HttpRequest request(URI url) {
        HttpRequest.Builder request = HttpRequest.newBuilder(url).GET().timeout(limits.requestTimeout())
                .header("Accept", "application/json")
                .header("User-Agent", "Mallard/" + MallardVersion.get());
        source.headers().forEach(request::setHeader);
        source.auth().ifPresent(auth -> request.setHeader(auth.headerName(), auth.secret()));
        return request.build();
    }

    private JsonNode parse(HttpResponse<InputStream> response, String table, int page) throws SyncFailure {
        byte[] body;
        try (InputStream in = response.body()) {
            body = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, bytesLeft + 1));
        } catch (IOException e) {
            throw new SyncFailure(table, page, "The API's answer broke off: " + e.getMessage());
        }
        if (body.length > bytesLeft) {
            throw new SyncFailure(table, page, "The sync passed its limit of " + limits.maxBytes()
                    + " bytes downloaded. Raise the limit or sync fewer endpoints.");
        }
        bytesLeft -= body.length;
        try {
            return MallardJson.mapper().readTree(body);
        } catch (JacksonException e) {
            String type = response.headers().firstValue("Content-Type").orElse("no content type");
            throw new SyncFailure(table, page, OptionalInt.of(200), "The answer is not JSON (" + type
                    + "). Check the endpoint's path and that the API returns JSON there.");
        }
    }

    private static void discard(HttpResponse<InputStream> response) {
        try (InputStream in = response.body()) {
            in.skip(64 * 1024);
        } catch (IOException e) {
            // The connection is dropped instead of reused; nothing else depends on it.
        }
    }

    private static String statusMessage(int status, int attempt) {
        String tries = attempt == 0 ? "" : " (after " + (attempt + 1) + " attempts)";
        return switch (status) {
            case 401, 403 -> "The API refused the credentials" + tries + ". Check the auth header and its secret.";
            case 404 -> "The API has no such endpoint. Check the base URL and the endpoint's path.";
            case 429 -> "The API kept answering 'too many requests'" + tries + ". Sync again later.";
            default -> status >= 500 ? "The API failed" + tries + ". Sync again later, or ask its owner."
                    : status >= 300 && status < 400 ? "The API redirected; Mallard does not follow redirects. "
                            + "Use the final URL as the base URL."
                            : "The API refused the request. Check the endpoint's path and query parameters.";
        };
    }

    private static Duration pause(Duration wait) throws InterruptedException {
        Thread.sleep(wait);
        return wait.multipliedBy(2);
    }

    /** Retry-After as seconds or an HTTP date (RFC 9110 section 10.2.3). */
    static Optional<Duration> retryAfter(HttpHeaders headers) {
        return headers.firstValue("Retry-After").map(String::trim).flatMap(value -> {
            if (value.chars().allMatch(Character::isDigit) && !value.isEmpty() && value.length() < 10) {
                return Optional.of(Duration.ofSeconds(Long.parseLong(value)));
            }
            try {
                Instant at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME.withLocale(Locale.ROOT))
                        .toInstant();
                Duration until = Duration.between(Instant.now(), at);
                return Optional.of(until.isNegative() ? Duration.ZERO : until);
            } catch (DateTimeParseException e) {
                return Optional.empty();
            }
        });
    }
}
