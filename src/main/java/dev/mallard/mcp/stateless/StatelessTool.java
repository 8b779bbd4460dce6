package dev.mallard.mcp.stateless;

import io.modelcontextprotocol.spec.McpSchema;
import java.util.Set;

/**
 * A tool written for the stateless era alone: it answers from the request itself and may end with an
 * {@code input_required} result (basic/patterns/mrtr). A test profile's fixtures use it.
 *
 * @param requiredCapabilities the client capabilities (e.g. {@code "sampling"}) a call needs; a client
 *     that did not declare one of them is refused with MissingRequiredClientCapability
 */
public record StatelessTool(McpSchema.Tool tool, Set<String> requiredCapabilities, StatelessMethod handler) {
    public StatelessTool {
        requiredCapabilities = Set.copyOf(requiredCapabilities);
    }
}
