package dev.mallard.mcp.stateless;

import io.modelcontextprotocol.spec.McpSchema;

/** A prompt written for the stateless era alone, which may end with an {@code input_required} result. */
public record StatelessPrompt(McpSchema.Prompt prompt, StatelessMethod handler) {}
