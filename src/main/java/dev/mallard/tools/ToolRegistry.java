package dev.mallard.tools;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The tools one server offers, registered explicitly, in the order they are listed. */
public final class ToolRegistry {
    private final Map<String, Tool> tools = new LinkedHashMap<>();

    public ToolRegistry(List<Tool> tools) {
        for (Tool tool : tools) {
            if (this.tools.putIfAbsent(tool.definition().name(), tool) != null) {
                throw new IllegalArgumentException("Two tools are named " + tool.definition().name());
            }
        }
    }

    public List<Tool> all() {
        return List.copyOf(tools.values());
    }

    public Optional<Tool> find(String name) {
        return Optional.ofNullable(tools.get(name));
    }
}
