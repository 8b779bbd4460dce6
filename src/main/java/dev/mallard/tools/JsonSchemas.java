package dev.mallard.tools;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Small builders for the JSON Schema objects of tool inputs and outputs. */
public final class JsonSchemas {
    private JsonSchemas() {}

    public static Map<String, Object> string(String description) {
        return Map.of("type", "string", "description", description);
    }

    public static Map<String, Object> integer(String description, int minimum) {
        return Map.of("type", "integer", "minimum", minimum, "description", description);
    }

    public static Map<String, Object> bool(String description) {
        return Map.of("type", "boolean", "description", description);
    }

    public static Map<String, Object> arrayOf(Map<String, Object> items, String description) {
        return Map.of("type", "array", "items", items, "description", description);
    }

    public static Map<String, Object> enumOf(List<String> values, String description) {
        return Map.of("type", "string", "enum", values, "description", description);
    }

    /** A value that may be absent (null) in a result. */
    public static Map<String, Object> nullable(String type, String description) {
        return Map.of("type", List.of(type, "null"), "description", description);
    }

    /**
     * The {columns, rows} shape Mallard uses for every table of results: names once, then rows as
     * arrays. Callers may add fields before building.
     */
    public static ObjectBuilder rowsTable(String columns, String rows) {
        return object()
                .required("columns", arrayOf(Map.of("type", "string"), "Column names, in row order: " + columns + "."))
                .required("rows", arrayOf(Map.of("type", "array"), rows));
    }

    /** The optional {@code database} argument of tools that work in one database. */
    public static Map<String, Object> databaseArgument(String defaultDatabase) {
        return string("Database to work in (others are reachable as database.schema.table); default: "
                + defaultDatabase + ".");
    }

    public static ObjectBuilder object() {
        return new ObjectBuilder();
    }

    /** Builds an object schema property by property. */
    public static final class ObjectBuilder {
        private final Map<String, Object> properties = new LinkedHashMap<>();
        private final List<String> required = new ArrayList<>();

        public ObjectBuilder required(String name, Map<String, Object> schema) {
            properties.put(name, schema);
            required.add(name);
            return this;
        }

        public ObjectBuilder optional(String name, Map<String, Object> schema) {
            properties.put(name, schema);
            return this;
        }

        public Map<String, Object> build(String description) {
            Map<String, Object> schema = new LinkedHashMap<>();
            schema.put("type", "object");
            if (description != null) {
                schema.put("description", description);
            }
            schema.put("properties", new LinkedHashMap<>(properties));
            if (!required.isEmpty()) {
                schema.put("required", List.copyOf(required));
            }
            return schema;
        }

        /** A tool's input: unknown arguments are refused, so a misspelt one is reported, not ignored. */
        public Map<String, Object> buildInput() {
            Map<String, Object> schema = build(null);
            schema.put("additionalProperties", false);
            return schema;
        }
    }
}
