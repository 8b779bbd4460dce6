package dev.mallard.tools;

import dev.mallard.auth.Scope;
import java.util.Map;

/**
 * A tool as agents see it. The name is part of Mallard's interface; the schemas are JSON Schema
 * (2020-12) objects.
 */
public record ToolDefinition(String name, String title, String description, Map<String, Object> inputSchema,
        Map<String, Object> outputSchema, ToolHints hints, Scope scope) {}
