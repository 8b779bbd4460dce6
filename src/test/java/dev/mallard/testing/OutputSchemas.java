package dev.mallard.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.json.schema.JsonSchemaValidator;
import io.modelcontextprotocol.json.schema.jackson3.DefaultJsonSchemaValidator;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.Map;
import java.util.stream.Collectors;

/** Checks structured results against the output schemas a server advertises in tools/list. */
public final class OutputSchemas {
    private static final JsonSchemaValidator VALIDATOR = new DefaultJsonSchemaValidator();

    private final Map<String, Map<String, Object>> schemas;

    private OutputSchemas(Map<String, Map<String, Object>> schemas) {
        this.schemas = schemas;
    }

    /** The output schemas of every tool the client's server lists. */
    public static OutputSchemas of(McpSyncClient client) {
        return new OutputSchemas(client.listTools().tools().stream()
                .filter(tool -> tool.outputSchema() != null)
                .collect(Collectors.toMap(McpSchema.Tool::name, McpSchema.Tool::outputSchema)));
    }

    /** Validates structured content against the named tool's output schema. */
    public JsonSchemaValidator.ValidationResponse validate(String tool, Map<String, Object> structured) {
        assertThat(schemas).as("output schema of %s", tool).containsKey(tool);
        return VALIDATOR.validate(schemas.get(tool), structured);
    }

    /** Fails unless the result succeeded and its structured content validates against the tool's schema. */
    public McpSchema.CallToolResult assertValid(String tool, McpSchema.CallToolResult result) {
        Map<String, Object> structured = ToolCalls.structured(result);
        JsonSchemaValidator.ValidationResponse response = validate(tool, structured);
        assertThat(response.valid())
                .as("%s result %s against its output schema: %s", tool, structured, response.errorMessage())
                .isTrue();
        return result;
    }
}
