package dev.mallard.engine;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.json.JsonFactory;

/**
 * Classifies SQL with DuckDB's own parser: {@code json_serialize_sql} serialises only statements
 * that are queries and reports any other statement kind as "not implemented". This is a first gate,
 * not the guarantee: read-only attachment, read-only transactions and the sandbox hold regardless.
 *
 * <p>Classification depends on the text alone, so results are cached per distinct SQL text.
 */
final class StatementClassifier {
    private static final int CACHE_ENTRIES = 4096;
    private static final int CACHEABLE_LENGTH = 16_384;
    private static final JsonFactory JSON = new JsonFactory();

    private final Map<String, StatementClass> cache = Collections.synchronizedMap(
            new LinkedHashMap<>(256, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, StatementClass> eldest) {
                    return size() > CACHE_ENTRIES;
                }
            });

    StatementClass classify(EngineConnection connection, String sql) throws SQLException {
        StatementClass cached = cache.get(sql);
        if (cached != null) {
            return cached;
        }
        StatementClass result = parse(serialize(connection, sql), sql);
        if (sql.length() <= CACHEABLE_LENGTH) {
            cache.put(sql, result);
        }
        return result;
    }

    private static String serialize(EngineConnection connection, String sql) throws SQLException {
        PreparedStatement statement = connection.classifyStatement();
        statement.setString(1, sql);
        try (ResultSet rs = statement.executeQuery()) {
            rs.next();
            return rs.getString(1);
        }
    }

    /** Reads only the top of DuckDB's answer: the error fields and how many statements there are. */
    static StatementClass parse(String serialized, String sql) {
        boolean error = false;
        String errorType = "";
        String errorMessage = "";
        int position = -1;
        int statements = 0;
        try (JsonParser parser = JSON.createParser(ObjectReadContext.empty(), serialized)) {
            parser.nextToken();
            while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                switch (field) {
                    case "error" -> error = value == JsonToken.VALUE_TRUE;
                    case "error_type" -> errorType = parser.getString();
                    case "error_message" -> errorMessage = parser.getString();
                    case "position" -> position = parsePosition(parser.getString());
                    case "statements" -> statements = countElements(parser);
                    default -> parser.skipChildren();
                }
            }
        }
        if (!error) {
            return switch (statements) {
                case 0 -> new StatementClass.Empty();
                case 1 -> new StatementClass.Query();
                default -> new StatementClass.Several(statements);
            };
        }
        if ("not implemented".equals(errorType)) {
            return new StatementClass.NotAQuery();
        }
        String message = errorMessage.isBlank() ? "DuckDB could not parse the SQL." : errorMessage;
        return new StatementClass.Invalid("Parser Error: " + message + pointAt(sql, position));
    }

    private static int parsePosition(String text) {
        try {
            return Integer.parseInt(text.strip());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** The offending line with a caret under the position, as DuckDB prints it for other errors. */
    static String pointAt(String sql, int position) {
        if (position < 0 || position > sql.length()) {
            return "";
        }
        int lineStart = sql.lastIndexOf('\n', Math.max(0, position - 1)) + 1;
        if (position == 0) {
            lineStart = 0;
        }
        int lineEnd = sql.indexOf('\n', position);
        String line = sql.substring(lineStart, lineEnd < 0 ? sql.length() : lineEnd);
        int lineNumber = 1 + (int) sql.substring(0, lineStart).chars().filter(c -> c == '\n').count();
        String prefix = "LINE " + lineNumber + ": ";
        return "\n" + prefix + line + "\n" + " ".repeat(prefix.length() + position - lineStart) + "^";
    }

    private static int countElements(JsonParser parser) {
        int count = 0;
        while (parser.nextToken() != JsonToken.END_ARRAY) {
            parser.skipChildren();
            count++;
        }
        return count;
    }
}
