package dev.mallard.sources;

import dev.mallard.error.MallardException;
import java.net.URI;
import java.util.Map;

/**
 * One endpoint of an API and the table its records fill: the path below the source's base URL, the
 * query parameters of the first request, where the records sit in a response (an array of JSON
 * objects, or one object) and how the pages continue.
 */
public record ApiEndpoint(String table, String path, Map<String, String> query, FieldPath recordPath,
        Pagination pagination) {
    public ApiEndpoint {
        SourceNames.require("table", table);
        if (path == null || path.contains("://") || path.contains("?") || path.contains("#")) {
            throw MallardException.invalidArgument("The path of table '" + table + "' must be a path below the "
                    + "base URL, such as /v1/items, without ?query (put parameters in query) or a scheme.");
        }
        try {
            URI.create("http://host/" + path);
        } catch (IllegalArgumentException e) {
            throw MallardException.invalidArgument("The path '" + path + "' of table '" + table + "' is not a valid "
                    + "URL path: encode spaces and other special characters (e.g. %20).");
        }
        query = Map.copyOf(query);
    }

    public static ApiEndpoint of(String table, String path) {
        return new ApiEndpoint(table, path, Map.of(), FieldPath.ROOT, new Pagination.None());
    }

    public ApiEndpoint withQuery(Map<String, String> query) {
        return new ApiEndpoint(table, path, query, recordPath, pagination);
    }

    public ApiEndpoint withRecordPath(String recordPath) {
        return new ApiEndpoint(table, path, query, FieldPath.parse(recordPath), pagination);
    }

    public ApiEndpoint withPagination(Pagination pagination) {
        return new ApiEndpoint(table, path, query, recordPath, pagination);
    }
}
