package dev.mallard.engine;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.Consumer;
import tools.jackson.databind.JsonNode;

/** Walks DuckDB's JSON parse trees and plans ({@code json_serialize_sql}, {@code json_serialize_plan}). */
final class JsonTrees {
    private JsonTrees() {}

    /** Calls {@code visitor} with every object in the tree, however deep, without recursion. */
    static void forEachObject(JsonNode root, Consumer<JsonNode> visitor) {
        Deque<JsonNode> pending = new ArrayDeque<>();
        pending.push(root);
        while (!pending.isEmpty()) {
            JsonNode node = pending.pop();
            if (node.isObject()) {
                visitor.accept(node);
            }
            if (node.isObject() || node.isArray()) {
                node.values().forEach(pending::push);
            }
        }
    }
}
