package dev.mallard.tools;

import java.util.Map;

/**
 * A tool's answer: structured content that matches the tool's output schema, and a compact text
 * rendering of the same thing for clients (and models) that read text.
 */
public record ToolResult(Map<String, Object> structured, String text, AuditFacts facts) {
    public ToolResult(Map<String, Object> structured, String text) {
        this(structured, text, AuditFacts.NONE);
    }
}
