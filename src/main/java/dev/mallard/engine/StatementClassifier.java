package dev.mallard.engine;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Classifies SQL with DuckDB's own parser: {@code json_serialize_sql} serialises only statements
 * that are queries and reports any other statement kind as "not implemented". This is a first gate,
 * not the guarantee: read-only attachment, read-only transactions and the sandbox hold regardless.
 *
 * <p>The gate also looks at every function a query calls. A few DuckDB functions work outside the
 * query's own connection: {@code json_execute_serialized_sql} and the external-resource functions
 * run SQL or call functions by name on an internal connection of their own, in autocommit, so
 * neither the read-only transaction of a --read-write server nor Mallard's time limit applies to
 * that work. {@code checkpoint()} and {@code force_checkpoint()} write the database file of a
 * read-write database, even from a read-only transaction. Those are refused, and so is
 * {@code query()} unless its SQL is a string literal, which is then checked in the same way.
 *
 * <p>Classification depends on the text alone, and not on the numbers written in it: a number
 * cannot name a function, end a statement or turn a query into another kind of statement. Results
 * are cached per text with its plain numbers masked ({@link SqlLexer#numbersMasked}), so the same
 * look-up with another id is not parsed again; text that cannot be masked surely is cached as it
 * is, and so is every parser error, whose message quotes the text.
 */
final class StatementClassifier {
    private static final int CACHE_ENTRIES = 4096;
    private static final int CACHEABLE_LENGTH = 16_384;
    /** DuckDB allows expressions 1000 levels deep; their serialisation nests several times deeper. */
    private static final StreamReadConstraints DEEP = StreamReadConstraints.builder().maxNestingDepth(100_000).build();
    private static final JsonFactory JSON = JsonFactory.builder().streamReadConstraints(DEEP).build();
    /** Reads DuckDB's serialised statements and plans, however deeply they nest. */
    static final JsonMapper TREES = JsonMapper.builder(JSON).build();
    /** How deep query('... query(''...'') ...') may nest before the gate gives up checking it. */
    private static final int MAX_QUERY_NESTING = 8;

    private static final String WRITES_FILE = "a checkpoint writes the database file, and DuckDB checkpoints on "
            + "its own when needed";

    /** Functions the query tool never runs, with the reason given to the agent. */
    private static final Map<String, String> FORBIDDEN_FUNCTIONS = forbidden();

    private static Map<String, String> forbidden() {
        Map<String, String> functions = new java.util.HashMap<>(OutsideTransaction.FUNCTIONS);
        functions.put("checkpoint", WRITES_FILE);
        functions.put("force_checkpoint", WRITES_FILE);
        functions.put(EngineConnection.LISTS_KEPT_STATEMENTS, EngineConnection.KEPT_STATEMENTS_PRIVATE);
        return Map.copyOf(functions);
    }

    /** A cache key: the text as written, or its shape with the numbers masked. */
    private record Key(String text, boolean masked) {}

    private final Map<Key, StatementClass> cache = Collections.synchronizedMap(
            new LinkedHashMap<>(256, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<Key, StatementClass> eldest) {
                    return size() > CACHE_ENTRIES;
                }
            });

    StatementClass classify(EngineConnection connection, String sql) throws SQLException {
        if (sql.length() > CACHEABLE_LENGTH) {
            return classifyText(connection, sql);
        }
        Key exact = new Key(sql, false);
        Key shape = SqlLexer.numbersMasked(sql).map(masked -> new Key(masked, true)).orElse(exact);
        StatementClass cached = cache.get(shape);
        if (cached == null && shape != exact) {
            cached = cache.get(exact);
        }
        if (cached != null) {
            return cached;
        }
        StatementClass result = classifyText(connection, sql);
        cache.put(result instanceof StatementClass.Invalid ? exact : shape, result);
        return result;
    }

    private static StatementClass classifyText(EngineConnection connection, String sql) throws SQLException {
        String serialized = serialize(connection, sql);
        StatementClass result = parse(serialized, sql);
        if (result instanceof StatementClass.Query) {
            result = inspectFunctions(connection, serialized, 0)
                    .<StatementClass>map(StatementClass.Forbidden::new)
                    .orElse(result);
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

    /**
     * Walks a serialised query for calls of forbidden functions and for {@code query()} calls, whose
     * SQL is serialised and walked in turn. Returns why the query is refused, if it is.
     */
    private static Optional<String> inspectFunctions(EngineConnection connection, String serialized, int nesting)
            throws SQLException {
        Deque<JsonNode> pending = new ArrayDeque<>();
        pending.push(TREES.readTree(serialized));
        while (!pending.isEmpty()) {
            JsonNode node = pending.pop();
            if (node.isObject() && node.path("function_name").isString()) {
                String function = node.path("function_name").stringValue().toLowerCase(Locale.ROOT);
                String reason = FORBIDDEN_FUNCTIONS.get(function);
                if (reason != null) {
                    return Optional.of("The query tool does not run " + function + "(): " + reason + ".");
                }
                if (function.equals("query")) {
                    Optional<String> refusal = inspectQueryFunction(connection, node, nesting);
                    if (refusal.isPresent()) {
                        return refusal;
                    }
                }
            }
            if (node.isObject() || node.isArray()) {
                node.values().forEach(pending::push);
            }
        }
        return Optional.empty();
    }

    /**
     * query('...') parses its argument when the query is bound, out of the gate's sight unless the
     * argument is a literal: then the gate reads it too. SQL that is not a single query is left to
     * query() itself, which runs SELECT statements only.
     */
    private static Optional<String> inspectQueryFunction(EngineConnection connection, JsonNode call, int nesting)
            throws SQLException {
        Optional<String> literal = firstArgumentLiteral(call);
        if (literal.isEmpty()) {
            return Optional.of("The query tool runs query() only with its SQL written as one string literal, so "
                    + "that Mallard can check that SQL too. Write the SQL out, or run it directly.");
        }
        if (nesting >= MAX_QUERY_NESTING) {
            return Optional.of("The query tool runs query() nested at most " + MAX_QUERY_NESTING
                    + " deep. Run the inner SQL directly.");
        }
        String inner = serialize(connection, literal.get());
        if (parse(inner, literal.get()) instanceof StatementClass.Query) {
            return inspectFunctions(connection, inner, nesting + 1);
        }
        return Optional.empty();
    }

    /** The first argument of a function call when it is a string constant. */
    private static Optional<String> firstArgumentLiteral(JsonNode call) {
        JsonNode first = call.path("arguments").path(0);
        JsonNode expression = first.has("expression") ? first.path("expression") : call.path("children").path(0);
        if (!"CONSTANT".equals(expression.path("class").asString(""))) {
            return Optional.empty();
        }
        JsonNode literal = expression.path("literal");
        if ("STRING".equals(literal.path("kind").asString("")) && literal.path("text").isString()) {
            return Optional.of(literal.path("text").stringValue());
        }
        JsonNode value = expression.path("value");
        if ("VARCHAR".equals(value.path("type").path("id").asString("")) && value.path("value").isString()) {
            return Optional.of(value.path("value").stringValue());
        }
        return Optional.empty();
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
