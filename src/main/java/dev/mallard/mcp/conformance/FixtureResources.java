package dev.mallard.mcp.conformance;

import io.modelcontextprotocol.server.McpServerFeatures;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.List;
import reactor.core.publisher.Mono;

/** The resources of the suite's resources-* scenarios. */
final class FixtureResources {
    private FixtureResources() {}

    static List<McpServerFeatures.AsyncResourceSpecification> resources() {
        return List.of(
                text("test://static-text", "static-text", "Static Text Resource", "A static text resource for testing",
                        "This is the content of the static text resource."),
                new McpServerFeatures.AsyncResourceSpecification(McpSchema.Resource.builder("test://static-binary",
                        "static-binary").title("Static Binary Resource")
                        .description("A static binary resource (image) for testing").mimeType("image/png").build(),
                        (exchange, request) -> Mono.just(McpSchema.ReadResourceResult.builder(List.of(
                                McpSchema.BlobResourceContents.builder("test://static-binary", ConformanceFixtures.PNG)
                                        .mimeType("image/png").build())).build())),
                text("test://watched-resource", "watched-resource", "Watched Resource",
                        "A resource that auto-updates every 3 seconds", "Watched resource content"));
    }

    static List<McpServerFeatures.AsyncResourceTemplateSpecification> templates() {
        return List.of(new McpServerFeatures.AsyncResourceTemplateSpecification(
                McpSchema.ResourceTemplate.builder("test://template/{id}/data", "template").title("Resource Template")
                        .description("A resource template with parameter substitution").mimeType("application/json")
                        .build(),
                (exchange, request) -> {
                    String id = request.uri().replaceFirst("^test://template/", "").replaceFirst("/data$", "");
                    return Mono.just(McpSchema.ReadResourceResult.builder(List.of(McpSchema.TextResourceContents
                            .builder(request.uri(), "{\"id\":\"" + id + "\",\"templateTest\":true,\"data\":\"Data for ID: "
                                    + id + "\"}").mimeType("application/json").build())).build());
                }));
    }

    private static McpServerFeatures.AsyncResourceSpecification text(String uri, String name, String title,
            String description, String text) {
        return new McpServerFeatures.AsyncResourceSpecification(McpSchema.Resource.builder(uri, name).title(title)
                .description(description).mimeType("text/plain").build(),
                (exchange, request) -> Mono.just(McpSchema.ReadResourceResult.builder(List.of(
                        McpSchema.TextResourceContents.builder(uri, text).mimeType("text/plain").build())).build()));
    }
}
