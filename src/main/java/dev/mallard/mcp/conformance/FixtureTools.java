package dev.mallard.mcp.conformance;

import io.modelcontextprotocol.server.McpAsyncServerExchange;
import io.modelcontextprotocol.server.McpServerFeatures;
import io.modelcontextprotocol.spec.McpSchema;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiFunction;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** The tools the suite's tools-call-* and elicitation scenarios call. */
final class FixtureTools {
    private static final Map<String, Object> NO_ARGUMENTS = Map.of("type", "object", "properties", Map.of());

    private FixtureTools() {}

    static List<McpServerFeatures.AsyncToolSpecification> all() {
        return List.of(
                tool("test_simple_text", "Tests simple text content response", NO_ARGUMENTS,
                        (exchange, request) -> Mono.just(result(text("This is a simple text response for testing.")))),
                tool("test_image_content", "Tests image content response", NO_ARGUMENTS,
                        (exchange, request) -> Mono.just(result(image()))),
                tool("test_audio_content", "Tests audio content response", NO_ARGUMENTS,
                        (exchange, request) -> Mono.just(result(
                                McpSchema.AudioContent.builder(ConformanceFixtures.WAV, "audio/wav").build()))),
                tool("test_embedded_resource", "Tests embedded resource content response", NO_ARGUMENTS,
                        (exchange, request) -> Mono.just(result(embedded("test://embedded-resource", "text/plain",
                                "This is an embedded resource content.")))),
                tool("test_multiple_content_types", "Tests response with multiple content types (text, image, resource)",
                        NO_ARGUMENTS, (exchange, request) -> Mono.just(result(text("Multiple content types test:"),
                                image(), embedded("test://mixed-content-resource", "application/json",
                                        "{\"test\":\"data\",\"value\":123}")))),
                tool("test_tool_with_logging", "Tests tool that emits log messages during execution", NO_ARGUMENTS,
                        FixtureTools::withLogging),
                tool("test_logging_tool", "Logs while it runs; in 2026-07-28 only when the request names a log level",
                        NO_ARGUMENTS, FixtureTools::withLogging),
                tool("test_tool_with_progress", "Tests tool that reports progress notifications", NO_ARGUMENTS,
                        FixtureTools::withProgress),
                tool("test_error_handling", "Tests error response handling", NO_ARGUMENTS,
                        (exchange, request) -> Mono.just(McpSchema.CallToolResult.builder()
                                .content(List.of(text("This tool intentionally returns an error for testing")))
                                .isError(true).build())),
                tool("test_sampling", "Tests server-initiated sampling (LLM completion request)",
                        stringArgument("prompt", "The prompt to send to the LLM"), FixtureTools::sampling),
                tool("test_elicitation", "Tests server-initiated elicitation (user input request)",
                        stringArgument("message", "The message to show the user"), (exchange, request) ->
                                elicit(exchange, String.valueOf(request.arguments().get("message")), Map.of(
                                        "type", "object",
                                        "properties", Map.of("response", Map.of("type", "string",
                                                "description", "User's response")),
                                        "required", List.of("response")), "User response")),
                tool("test_elicitation_sep1034_defaults", "Tests elicitation with default values per SEP-1034",
                        NO_ARGUMENTS, (exchange, request) -> elicit(exchange,
                                "Please review and update the form fields with defaults", ElicitationSchemas.DEFAULTS,
                                "Elicitation completed")),
                tool("test_elicitation_sep1330_enums", "Tests elicitation with enum schema improvements per SEP-1330",
                        NO_ARGUMENTS, (exchange, request) -> elicit(exchange,
                                "Please select options from the enum fields", ElicitationSchemas.ENUMS,
                                "Elicitation completed")),
                tool("json_schema_2020_12_tool", "Tool with JSON Schema 2020-12 features for conformance testing (SEP-1613)",
                        ElicitationSchemas.JSON_SCHEMA_2020_12, (exchange, request) -> Mono.just(result(text(
                                "JSON Schema 2020-12 tool called with: " + request.arguments())))));
    }

    private static McpServerFeatures.AsyncToolSpecification tool(String name, String description,
            Map<String, Object> inputSchema,
            BiFunction<McpAsyncServerExchange, McpSchema.CallToolRequest, Mono<McpSchema.CallToolResult>> handler) {
        return new McpServerFeatures.AsyncToolSpecification(
                McpSchema.Tool.builder(name, inputSchema).description(description).build(), handler);
    }

    private static Map<String, Object> stringArgument(String name, String description) {
        Map<String, Object> schema = new LinkedHashMap<>();
        schema.put("type", "object");
        schema.put("properties", Map.of(name, Map.of("type", "string", "description", description)));
        schema.put("required", List.of(name));
        return schema;
    }

    private static Mono<McpSchema.CallToolResult> withLogging(McpAsyncServerExchange exchange,
            McpSchema.CallToolRequest request) {
        return Flux.just("Tool execution started", "Tool processing data", "Tool execution completed")
                .concatMap(message -> exchange.loggingNotification(McpSchema.LoggingMessageNotification
                        .builder(McpSchema.LoggingLevel.INFO, message).build()).then(Mono.delay(Duration.ofMillis(50))))
                .then(Mono.just(result(text("Tool with logging executed successfully"))));
    }

    private static Mono<McpSchema.CallToolResult> withProgress(McpAsyncServerExchange exchange,
            McpSchema.CallToolRequest request) {
        Object token = request.progressToken() == null ? 0 : request.progressToken();
        return Flux.just(0, 50, 100)
                .concatMap(step -> exchange.progressNotification(McpSchema.ProgressNotification.builder(token, step)
                        .total(100.0).message("Completed step " + step + " of 100").build())
                        .then(Mono.delay(Duration.ofMillis(50))))
                .then(Mono.just(result(text(String.valueOf(token)))));
    }

    private static Mono<McpSchema.CallToolResult> sampling(McpAsyncServerExchange exchange,
            McpSchema.CallToolRequest request) {
        McpSchema.CreateMessageRequest sample = McpSchema.CreateMessageRequest.builder(
                List.of(new McpSchema.SamplingMessage(McpSchema.Role.USER,
                        text(String.valueOf(request.arguments().get("prompt"))))), 100).build();
        return exchange.createMessage(sample)
                .map(answer -> result(text("LLM response: " + (answer.content() instanceof McpSchema.TextContent t
                        ? t.text() : "No response"))))
                .onErrorResume(e -> Mono.just(result(text("Sampling not supported or error: " + e.getMessage()))));
    }

    private static Mono<McpSchema.CallToolResult> elicit(McpAsyncServerExchange exchange, String message,
            Map<String, Object> schema, String label) {
        return exchange.createElicitation(McpSchema.ElicitFormRequest.builder(message, schema).build())
                .map(answer -> result(text(label + ": action=" + answer.action().name().toLowerCase(Locale.ROOT)
                        + ", content=" + (answer.content() == null ? Map.of() : answer.content()))))
                .onErrorResume(e -> Mono.just(result(text("Elicitation not supported or error: " + e.getMessage()))));
    }

    static McpSchema.TextContent text(String text) {
        return McpSchema.TextContent.builder(text).build();
    }

    static McpSchema.ImageContent image() {
        return McpSchema.ImageContent.builder(ConformanceFixtures.PNG, "image/png").build();
    }

    static McpSchema.EmbeddedResource embedded(String uri, String mimeType, String text) {
        return McpSchema.EmbeddedResource.builder(McpSchema.TextResourceContents.builder(uri, text)
                .mimeType(mimeType).build()).build();
    }

    private static McpSchema.CallToolResult result(McpSchema.Content... content) {
        return McpSchema.CallToolResult.builder().content(List.of(content)).isError(false).build();
    }
}
