package dev.mallard.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.mallard.json.MallardJson;
import dev.mallard.sources.ApiEndpoint;
import dev.mallard.sources.ApiSource;
import dev.mallard.sources.Pagination;
import dev.mallard.sources.SyncProgress;
import dev.mallard.sources.SyncResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A paginated JSON API on an ephemeral loopback port, for syncing sources in tests and benchmarks.
 * Every endpoint needs {@code Authorization: Bearer <TOKEN>} (401 without) and serves the same
 * records, each {@code {"id", "name", "price", "tags", "generation"}} plus {@code note} on every
 * fifth: {@code price} is a whole number on even ids and a decimal on odd ones.
 *
 * <ul>
 *   <li>{@code /pages?page=&per_page=} — page numbers from 1, records at {@code data.items}
 *   <li>{@code /offset?offset=&limit=} — a bare array
 *   <li>{@code /cursor?cursor=&limit=} — records at {@code items}, the next cursor at {@code meta.next}
 *   <li>{@code /linked?from=&limit=} — a bare array, the next page in the {@code Link} header
 *   <li>{@code /body-linked?from=&limit=} — records at {@code results}, the next page's URL at {@code next}
 *   <li>{@code /failing?page=&per_page=} — as {@code /pages}, but page 3 answers 500
 *   <li>{@code /flaky?page=&per_page=} — as {@code /pages}, but page 3 answers 500 (with
 *       {@code Retry-After: 0}) as many times as {@link #failFlaky} says
 *   <li>{@code /throttled} — 429 with {@code Retry-After: <seconds>} on the first request, then all records
 *   <li>{@code /html} — an HTML page; {@code /empty} — {@code {"data": {"items": []}}}
 *   <li>{@code /elsewhere} — a {@code Link} to another origin
 * </ul>
 *
 * <p>As a field with {@code @RegisterExtension}, each test gets its own API, closed after it.
 */
public final class TestJsonApi implements AutoCloseable, AfterEachCallback {
    public static final String TOKEN = "s3cret-token-for-tests";

    static {
        // Without TCP_NODELAY the JDK server's separate header and body writes meet delayed ACKs: ~40 ms a page.
        // Read once, when the JVM's first HttpServer starts.
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(4);
    private final Map<String, AtomicInteger> requests = new ConcurrentHashMap<>();
    private final AtomicInteger throttledCalls = new AtomicInteger();
    private final AtomicInteger flakyFailures = new AtomicInteger();
    private volatile int records;
    private volatile int generation = 1;
    private volatile int retryAfterSeconds = 1;

    public TestJsonApi(int records) {
        this.records = records;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    /**
     * Registers the source {@code name} over {@code /pages} (table {@code items}, records at
     * {@code data.items}, pages of 10, this API's token as the auth header) in the state store of
     * {@code dataDir}, and syncs it once: what {@code mallard sources add} and {@code sources sync} do.
     */
    public SyncResult registerAndSync(Path dataDir, String name, Optional<Duration> staleAfter) {
        return registerAndSync(dataDir, name, "/pages", Optional.empty(), staleAfter);
    }

    /** Like {@link #registerAndSync(Path, String, Optional)}, over {@code path} and synced on a schedule. */
    public SyncResult registerAndSync(Path dataDir, String name, String path, Optional<Duration> every,
            Optional<Duration> staleAfter) {
        return TestSources.withRegistry(dataDir, registry -> {
            registry.addApi(ApiSource.of(name, baseUrl(), List.of(ApiEndpoint.of("items", path)
                    .withRecordPath("data.items")
                    .withPagination(new Pagination.PageNumber("page", 1, Optional.of("per_page"), 10))))
                    .withAuth("Authorization", "Bearer " + TOKEN), every, staleAfter, "test");
            return registry.sync(name, SyncProgress.NONE);
        });
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Serve {@code count} records from now on, marked with a new generation. */
    public void replaceRecords(int count) {
        records = count;
        generation++;
    }

    public int generation() {
        return generation;
    }

    /** Page 3 of {@code /flaky} answers 500 to the next {@code times} requests for it. */
    public void failFlaky(int times) {
        flakyFailures.set(times);
    }

    public void retryAfter(int seconds) {
        retryAfterSeconds = seconds;
        throttledCalls.set(0);
    }

    public int requests(String path) {
        return requests.getOrDefault(path, new AtomicInteger()).get();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            requests.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
            if (!("Bearer " + TOKEN).equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
                send(exchange, 401, "application/json", "{\"error\":\"unauthorized\"}");
                return;
            }
            Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
            switch (path) {
                case "/pages", "/failing", "/flaky" -> {
                    int page = Integer.parseInt(query.getOrDefault("page", "1"));
                    int size = Integer.parseInt(query.getOrDefault("per_page", "10"));
                    if (page == 3 && (path.equals("/failing")
                            || path.equals("/flaky") && flakyFailures.getAndUpdate(left -> Math.max(0, left - 1)) > 0)) {
                        if (path.equals("/flaky")) {
                            // Retried at once: a sync's own retries use up the failures without waiting.
                            exchange.getResponseHeaders().add("Retry-After", "0");
                        }
                        send(exchange, 500, "application/json", "{\"error\":\"boom\"}");
                        return;
                    }
                    ObjectNode body = MallardJson.mapper().createObjectNode();
                    body.putObject("data").set("items", records((page - 1) * size, size));
                    json(exchange, body.toString());
                }
                case "/offset" -> json(exchange, records(intParam(query, "offset", 0), intParam(query, "limit", 10))
                        .toString());
                case "/cursor" -> {
                    int from = query.containsKey("cursor") ? Integer.parseInt(new String(
                            Base64.getUrlDecoder().decode(query.get("cursor")), StandardCharsets.UTF_8)) : 0;
                    int limit = intParam(query, "limit", 10);
                    ObjectNode body = MallardJson.mapper().createObjectNode();
                    body.set("items", records(from, limit));
                    body.putObject("meta").put("next", from + limit < records ? Base64.getUrlEncoder()
                            .encodeToString(Integer.toString(from + limit).getBytes(StandardCharsets.UTF_8)) : null);
                    json(exchange, body.toString());
                }
                case "/linked" -> {
                    int from = intParam(query, "from", 0);
                    int limit = intParam(query, "limit", 10);
                    if (from + limit < records) {
                        exchange.getResponseHeaders().add("Link", "</linked?from=" + (from + limit) + "&limit=" + limit
                                + ">; rel=\"next\", </linked?from=0&limit=" + limit + ">; rel=\"first\"");
                    }
                    json(exchange, records(from, limit).toString());
                }
                case "/body-linked" -> {
                    int from = intParam(query, "from", 0);
                    int limit = intParam(query, "limit", 10);
                    ObjectNode body = MallardJson.mapper().createObjectNode();
                    body.set("results", records(from, limit));
                    body.put("next", from + limit < records
                            ? baseUrl() + "/body-linked?from=" + (from + limit) + "&limit=" + limit : null);
                    json(exchange, body.toString());
                }
                case "/throttled" -> {
                    if (throttledCalls.getAndIncrement() == 0) {
                        exchange.getResponseHeaders().add("Retry-After", Integer.toString(retryAfterSeconds));
                        send(exchange, 429, "application/json", "{\"error\":\"slow down\"}");
                        return;
                    }
                    json(exchange, records(0, records).toString());
                }
                case "/html" -> send(exchange, 200, "text/html", "<html><body>Not an API</body></html>");
                case "/empty" -> json(exchange, "{\"data\":{\"items\":[]}}");
                case "/elsewhere" -> {
                    exchange.getResponseHeaders().add("Link", "<https://example.com/steal>; rel=\"next\"");
                    json(exchange, records(0, 1).toString());
                }
                default -> send(exchange, 404, "application/json", "{\"error\":\"not found\"}");
            }
        }
    }

    private ArrayNode records(int from, int count) {
        ArrayNode items = MallardJson.mapper().createArrayNode();
        for (int id = from + 1; id <= Math.min(records, from + count); id++) {
            ObjectNode item = items.addObject();
            item.put("id", id);
            item.put("name", "item-" + id);
            if (id % 2 == 0) {
                item.put("price", id * 2);
            } else {
                item.put("price", id + 0.5);
            }
            item.putArray("tags").add("t" + id % 3);
            item.put("generation", generation);
            if (id % 5 == 0) {
                item.put("note", "every fifth");
            }
        }
        return items;
    }

    private static int intParam(Map<String, String> query, String name, int fallback) {
        return Integer.parseInt(query.getOrDefault(name, Integer.toString(fallback)));
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> query = new HashMap<>();
        if (raw != null) {
            for (String pair : List.of(raw.split("&"))) {
                int equals = pair.indexOf('=');
                query.put(URLDecoder.decode(pair.substring(0, equals), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
            }
        }
        return query;
    }

    private static void json(HttpExchange exchange, String body) throws IOException {
        send(exchange, 200, "application/json", body);
    }

    private static void send(HttpExchange exchange, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        close();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
