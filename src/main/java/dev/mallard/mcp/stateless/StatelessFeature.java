package dev.mallard.mcp.stateless;

import java.util.Map;

/**
 * A group of methods served statelessly and the server capability that announces them in
 * {@code server/discover}. Tools are one; resources, prompts and completions plug in the same way.
 */
public interface StatelessFeature {
    /** The capability entries this feature adds (e.g. {@code "tools" -> {}}). */
    Map<String, Object> capabilities();

    /** The methods this feature answers, by JSON-RPC method name. */
    Map<String, StatelessMethod> methods();
}
