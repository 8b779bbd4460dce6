package dev.mallard.mcp;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.dialect.Dialects;
import io.modelcontextprotocol.json.schema.JsonSchemaValidator;
import io.modelcontextprotocol.json.schema.jackson3.DefaultJsonSchemaValidator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Checks tool arguments and structured results against the tools' JSON Schemas exactly as the SDK's
 * default validator does (the same validator library, draft 2020-12, the same messages), without
 * the two costs it adds to every call. It finds its compiled schema by a hash of the whole schema,
 * computed by walking the schema's maps on every call; and it writes every valid document out as
 * JSON text again, which the SDK reads only for a result that has no content of its own (every
 * Mallard result has its text). For a 500-row result that was a second encoding of all its rows.
 *
 * <p>Here a schema is compiled once per schema object: a server's tools keep theirs for its life.
 * Schemas met anew are compiled and remembered up to {@link #MAX_SCHEMAS}, then the memory starts over.
 */
final class ToolSchemaValidator implements JsonSchemaValidator {
    static final int MAX_SCHEMAS = 256;

    /** A schema map by identity: equal schemas from different tools are compiled once each, which is cheap. */
    private record SameSchema(Map<String, Object> schema) {
        @Override
        public boolean equals(Object other) {
            return other instanceof SameSchema same && same.schema == schema;
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(schema);
        }
    }

    private final JsonMapper json;
    private final SchemaRegistry registry = SchemaRegistry.withDefaultDialect(Dialects.getDraft202012());
    private final Map<SameSchema, Schema> compiled = new ConcurrentHashMap<>();
    /** Checks that a tool's schema is itself a valid schema, when a tool is registered. */
    private final DefaultJsonSchemaValidator schemaChecks;

    ToolSchemaValidator(JsonMapper json) {
        this.json = json;
        this.schemaChecks = new DefaultJsonSchemaValidator(json);
    }

    @Override
    public ValidationResponse validate(Map<String, Object> schema, Object document) {
        if (schema == null) {
            throw new IllegalArgumentException("Schema must not be null");
        }
        if (document == null) {
            throw new IllegalArgumentException("Structured content must not be null");
        }
        try {
            JsonNode node = document instanceof String text ? json.readTree(text) : json.valueToTree(document);
            List<Error> errors = schemaOf(schema).validate(node);
            return errors.isEmpty()
                    ? ValidationResponse.asValid(null)
                    : ValidationResponse.asInvalid("Validation failed: JSON schema validation errors: " + errors);
        } catch (JacksonException e) {
            return ValidationResponse.asInvalid("Error parsing tool JSON Schema: " + e.getMessage());
        } catch (RuntimeException e) {
            return ValidationResponse.asInvalid("Unexpected validation error: " + e.getMessage());
        }
    }

    @Override
    public ValidationResponse validateSchema(Map<String, Object> schema) {
        return schemaChecks.validateSchema(schema);
    }

    /** How many schemas are compiled and remembered. */
    int compiledSchemas() {
        return compiled.size();
    }

    private Schema schemaOf(Map<String, Object> schema) {
        SameSchema key = new SameSchema(schema);
        Schema known = compiled.get(key);
        if (known != null) {
            return known;
        }
        if (compiled.size() >= MAX_SCHEMAS) {
            compiled.clear();
        }
        Schema made = registry.getSchema(json.<JsonNode>valueToTree(schema));
        compiled.putIfAbsent(key, made);
        return made;
    }
}
