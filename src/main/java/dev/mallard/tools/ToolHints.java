package dev.mallard.tools;

/**
 * What a client may assume about a tool (MCP tool annotations). Mallard's tools only touch the
 * served databases, so none is open-world.
 */
public record ToolHints(boolean readOnly, boolean destructive, boolean idempotent) {
    public static final ToolHints READ_ONLY = new ToolHints(true, false, true);
    public static final ToolHints DESTRUCTIVE = new ToolHints(false, true, false);
}
