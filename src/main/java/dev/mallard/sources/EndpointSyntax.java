package dev.mallard.sources;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How people write an endpoint, on the command line ({@code --endpoint orders=/v1/orders?status=open})
 * and in the config file ({@code endpoints: {orders: /v1/orders?status=open}}): a path below the
 * base URL with the first request's query parameters after {@code ?}.
 */
public final class EndpointSyntax {
    private EndpointSyntax() {}

    /** The endpoint filling {@code table} from {@code target}, {@code PATH[?QUERY]}. */
    public static ApiEndpoint parse(String table, String target) {
        int question = target.indexOf('?');
        Map<String, String> query = new LinkedHashMap<>();
        String path = target;
        if (question >= 0) {
            for (String pair : target.substring(question + 1).split("&")) {
                if (!pair.isEmpty()) {
                    int split = pair.indexOf('=');
                    query.put(decode(split < 0 ? pair : pair.substring(0, split)),
                            split < 0 ? "" : decode(pair.substring(split + 1)));
                }
            }
            path = target.substring(0, question);
        }
        return ApiEndpoint.of(table, path).withQuery(query);
    }

    private static String decode(String text) {
        return URLDecoder.decode(text, StandardCharsets.UTF_8);
    }
}
