package dev.mallard.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mallard.json.MallardJson;
import io.modelcontextprotocol.json.schema.JsonSchemaValidator.ValidationResponse;
import io.modelcontextprotocol.json.schema.jackson3.DefaultJsonSchemaValidator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** Mallard's schema validator against the SDK's default, whose verdicts and messages it keeps. */
class ToolSchemaValidatorTest {
    private static final JsonMapper JSON = MallardJson.mapper();

    private static Map<String, Object> argumentsSchema() {
        return Map.of("type", "object",
                "properties", Map.of(
                        "sql", Map.of("type", "string"),
                        "max_rows", Map.of("type", "integer", "minimum", 1),
                        "tags", Map.of("type", "array", "items", Map.of("type", "string"))),
                "required", List.of("sql"),
                "additionalProperties", false);
    }

    @Test
    void givesTheSdkDefaultsVerdictAndMessageForEveryDocument() {
        Map<String, Object> schema = argumentsSchema();
        ToolSchemaValidator validator = new ToolSchemaValidator(JSON);
        DefaultJsonSchemaValidator sdk = new DefaultJsonSchemaValidator(JSON);
        List<Object> documents = List.of(
                Map.of("sql", "SELECT 42"),
                Map.of("sql", "SELECT 1", "max_rows", 10, "tags", List.of("a", "b")),
                Map.of("max_rows", 10),
                Map.of("sql", 42),
                Map.of("sql", "SELECT 1", "max_rows", 0),
                Map.of("sql", "SELECT 1", "max_rows", "ten"),
                Map.of("sql", "SELECT 1", "maxrows", 10),
                Map.of("sql", "SELECT 1", "tags", List.of("a", 3)),
                "{\"sql\": \"SELECT 1\"}",
                "{\"sql\": 1}");
        for (Object document : documents) {
            ValidationResponse ours = validator.validate(schema, document);
            ValidationResponse theirs = sdk.validate(schema, document);
            assertThat(ours.valid()).as("verdict on %s", document).isEqualTo(theirs.valid());
            assertThat(ours.errorMessage()).as("message on %s", document).isEqualTo(theirs.errorMessage());
        }
        assertThat(validator.validate(schema, Map.of("sql", "SELECT 1", "max_rows", "ten")).errorMessage())
                .startsWith("Validation failed: JSON schema validation errors: ").contains("max_rows");
    }

    @Test
    void unreadableJsonTextIsInvalidNotAnException() {
        ValidationResponse response = new ToolSchemaValidator(JSON).validate(argumentsSchema(), "{\"sql\": ");
        assertThat(response.valid()).isFalse();
        assertThat(response.errorMessage()).startsWith("Error parsing tool JSON Schema: ");
    }

    @Test
    void compilesEachSchemaObjectOnceAndForgetsBeyondItsBound() {
        ToolSchemaValidator validator = new ToolSchemaValidator(JSON);
        Map<String, Object> schema = argumentsSchema();
        for (int i = 0; i < 3; i++) {
            assertThat(validator.validate(schema, Map.of("sql", "SELECT " + i)).valid()).isTrue();
        }
        assertThat(validator.compiledSchemas()).isEqualTo(1);

        // An equal schema in another map is another tool's: compiled for it, and it judges alike.
        Map<String, Object> copy = new HashMap<>(schema);
        assertThat(validator.validate(copy, Map.of("sql", 1)).valid()).isFalse();
        assertThat(validator.compiledSchemas()).isEqualTo(2);

        for (int i = 0; i < ToolSchemaValidator.MAX_SCHEMAS + 10; i++) {
            validator.validate(new HashMap<>(schema), Map.of("sql", "SELECT 1"));
        }
        assertThat(validator.compiledSchemas()).isBetween(1, ToolSchemaValidator.MAX_SCHEMAS);
        assertThat(validator.validate(schema, Map.of("max_rows", 3)).valid()).isFalse();
    }
}
