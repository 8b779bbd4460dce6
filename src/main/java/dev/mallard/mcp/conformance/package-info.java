/**
 * The fixtures the official MCP conformance suite ({@code @modelcontextprotocol/conformance}) calls
 * by name: {@code test_simple_text}, {@code test://static-text}, {@code test_simple_prompt} and the
 * others of its reference "everything" server. Served only under {@code serve --test-profile
 * conformance}; never part of the product.
 */
package dev.mallard.mcp.conformance;
