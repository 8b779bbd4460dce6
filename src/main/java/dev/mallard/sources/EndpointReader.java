package dev.mallard.sources;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * Walks an endpoint's pages the way its {@link Pagination} says and hands each record to the
 * table's staging file. One reader serves one sync, endpoint after endpoint, and counts the pages
 * and records of the whole sync against its limits.
 */
final class EndpointReader {
    private static final Pattern LINK = Pattern.compile("<([^>]*)>([^<]*)");
    private static final Pattern REL = Pattern.compile("rel\\s*=\\s*(?:\"([^\"]*)\"|([^\\s;,]+))");

    private final ApiClient client;
    private final ApiSource source;
    private final SyncLimits limits;
    private final SyncProgress progress;
    private int pages;
    private long rows;

    EndpointReader(ApiClient client, ApiSource source, SyncLimits limits, SyncProgress progress) {
        this.client = client;
        this.source = source;
        this.limits = limits;
        this.progress = progress;
    }

    int pages() {
        return pages;
    }

    void read(ApiEndpoint endpoint, StagingTable table) throws SyncFailure, InterruptedException, IOException {
        Map<String, String> query = new LinkedHashMap<>(endpoint.query());
        Pagination pagination = endpoint.pagination();
        switch (pagination) {
            case Pagination.PageNumber numbers -> {
                query.put(numbers.param(), Integer.toString(numbers.start()));
                numbers.sizeParam().ifPresent(size -> query.put(size, Integer.toString(numbers.size())));
            }
            case Pagination.Offset offset -> {
                query.put(offset.offsetParam(), "0");
                query.put(offset.limitParam(), Integer.toString(offset.limit()));
            }
            case Pagination.None none -> {}
            case Pagination.NextLink next -> {}
            case Pagination.Cursor cursor -> {}
        }
        URI url = url(endpoint.path(), query);
        long offset = 0;
        String lastCursor = null;
        for (int page = 1;; page++) {
            ApiClient.Page answer = fetch(url, endpoint.table(), page);
            int records = write(endpoint, answer.body(), table, page);
            offset += records;
            Optional<URI> next = switch (pagination) {
                case Pagination.None none -> Optional.empty();
                case Pagination.NextLink link -> nextLink(link, answer, url, endpoint.table(), page);
                case Pagination.Cursor cursor -> {
                    Optional<String> value = cursor.field().findText(answer.body());
                    if (records == 0 || value.isEmpty() || value.get().equals(lastCursor)) {
                        yield Optional.empty();
                    }
                    lastCursor = value.get();
                    query.put(cursor.param(), lastCursor);
                    yield Optional.of(url(endpoint.path(), query));
                }
                case Pagination.PageNumber numbers -> {
                    if (records < numbers.size()) {
                        yield Optional.empty();
                    }
                    query.put(numbers.param(), Integer.toString(numbers.start() + page));
                    yield Optional.of(url(endpoint.path(), query));
                }
                case Pagination.Offset limit -> {
                    if (records < limit.limit()) {
                        yield Optional.empty();
                    }
                    query.put(limit.offsetParam(), Long.toString(offset));
                    yield Optional.of(url(endpoint.path(), query));
                }
            };
            if (next.isEmpty()) {
                return;
            }
            url = next.get();
        }
    }

    private ApiClient.Page fetch(URI url, String table, int page) throws SyncFailure, InterruptedException {
        if (pages >= limits.maxPages()) {
            throw new SyncFailure(table, page, "The sync passed its limit of " + limits.maxPages()
                    + " pages. Raise the limit, or ask for bigger pages with the endpoint's query parameters.");
        }
        ApiClient.Page answer = client.get(url, table, page);
        pages++;
        return answer;
    }

    private int write(ApiEndpoint endpoint, JsonNode body, StagingTable table, int page)
            throws SyncFailure, IOException {
        Optional<JsonNode> found = endpoint.recordPath().find(body);
        if (found.isEmpty()) {
            throw new SyncFailure(endpoint.table(), page, "The answer has nothing at the record path "
                    + endpoint.recordPath() + ". Check the record path against a response of the API.");
        }
        JsonNode records = found.get();
        int count = 0;
        if (records.isObject()) {
            table.append(records);
            count = 1;
        } else if (records.isArray()) {
            for (JsonNode record : records) {
                if (!record.isObject()) {
                    throw new SyncFailure(endpoint.table(), page, "Record " + (count + 1) + " at "
                            + endpoint.recordPath() + " is " + describe(record)
                            + ", not a JSON object. Point the record path at an array of objects.");
                }
                table.append(record);
                count++;
            }
        } else {
            throw new SyncFailure(endpoint.table(), page, "The record path " + endpoint.recordPath() + " leads to "
                    + describe(records) + ", not to an array of objects. Check the record path.");
        }
        rows += count;
        progress.pageRead(endpoint.table(), pages, rows);
        return count;
    }

    private Optional<URI> nextLink(Pagination.NextLink link, ApiClient.Page answer, URI current, String table,
            int page) throws SyncFailure {
        Optional<String> target = link.field().isPresent() ? link.field().get().findText(answer.body())
                : linkHeaderNext(answer);
        if (target.isEmpty()) {
            return Optional.empty();
        }
        URI next;
        try {
            next = current.resolve(target.get());
        } catch (IllegalArgumentException e) {
            throw new SyncFailure(table, page, "The next-page link is not a valid URL.");
        }
        if (!sameOrigin(next, source.baseUrl())) {
            throw new SyncFailure(table, page, "The next-page link leads to " + next.getScheme() + "://"
                    + next.getAuthority() + ", away from the source's base URL; Mallard only follows links on the "
                    + "API's own origin, so the auth header goes nowhere else.");
        }
        return next.equals(current) ? Optional.empty() : Optional.of(next);
    }

    /** The target of the {@code rel="next"} link in the Link header (RFC 8288). */
    private static Optional<String> linkHeaderNext(ApiClient.Page answer) {
        for (String header : answer.headers().allValues("Link")) {
            Matcher link = LINK.matcher(header);
            while (link.find()) {
                Matcher rel = REL.matcher(link.group(2));
                if (rel.find()) {
                    String relations = rel.group(1) != null ? rel.group(1) : rel.group(2);
                    for (String relation : relations.toLowerCase(Locale.ROOT).split("\\s+")) {
                        if (relation.equals("next")) {
                            return Optional.of(link.group(1));
                        }
                    }
                }
            }
        }
        return Optional.empty();
    }

    private static boolean sameOrigin(URI a, URI b) {
        return a.getScheme() != null && a.getScheme().equalsIgnoreCase(b.getScheme())
                && a.getHost() != null && a.getHost().equalsIgnoreCase(b.getHost()) && port(a) == port(b);
    }

    private static int port(URI url) {
        return url.getPort() >= 0 ? url.getPort() : url.getScheme().equalsIgnoreCase("https") ? 443 : 80;
    }

    private URI url(String path, Map<String, String> query) {
        String base = source.baseUrl().toString();
        StringBuilder url = new StringBuilder(base.endsWith("/") ? base.substring(0, base.length() - 1) : base);
        if (!path.isEmpty() && !path.startsWith("/")) {
            url.append('/');
        }
        url.append(path);
        char separator = '?';
        for (Map.Entry<String, String> parameter : query.entrySet()) {
            url.append(separator).append(encode(parameter.getKey())).append('=').append(encode(parameter.getValue()));
            separator = '&';
        }
        return URI.create(url.toString());
    }

    private static String encode(String value) {
        return URLEncoder.encode(Objects.requireNonNull(value), StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String describe(JsonNode node) {
        return switch (node.getNodeType()) {
            case ARRAY -> "an array";
            case STRING -> "a string";
            case NUMBER -> "a number";
            case BOOLEAN -> "a boolean";
            case NULL -> "null";
            default -> "a " + node.getNodeType().name().toLowerCase(Locale.ROOT);
        };
    }
}
