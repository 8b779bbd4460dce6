package dev.mallard.cli;

import dev.mallard.mcp.conformance.ConformanceFixtures;
import dev.mallard.mcp.ProtocolFixtures;

/**
 * Fixtures a test harness asks for with the hidden {@code serve --test-profile NAME} option; a
 * served product never has them.
 */
enum TestProfile {
    /** The tools, resources and prompts the official MCP conformance suite calls by name. */
    CONFORMANCE;

    ProtocolFixtures fixtures() {
        return switch (this) {
            case CONFORMANCE -> ConformanceFixtures.create();
        };
    }
}
