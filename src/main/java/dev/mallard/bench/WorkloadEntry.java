package dev.mallard.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * One weighted kind of call in a workload: the tool, its arguments (strings may hold
 * placeholders), the SQL the engine baseline runs in its place, and the answer check.
 *
 * @param arguments a tree of maps, lists, {@link Template}s and plain JSON scalars
 */
record WorkloadEntry(String name, int weight, String tool, Map<String, ParameterGenerator> parameters,
        Map<String, Object> arguments, List<Template> engineSql, AnswerCheck check) {

    WorkloadEntry {
        parameters = Map.copyOf(parameters);
        engineSql = List.copyOf(engineSql);
    }

    /** One call of this entry, its parameters drawn. */
    WorkloadCall draw(RandomGenerator random) {
        Map<String, Object> values = new LinkedHashMap<>();
        parameters.forEach((name, generator) -> values.put(name, generator.draw(random)));
        @SuppressWarnings("unchecked")
        Map<String, Object> filled = (Map<String, Object>) fill(arguments, values, random);
        List<String> sql = new ArrayList<>(engineSql.size());
        for (Template statement : engineSql) {
            sql.add(statement.fillText(values, random));
        }
        return new WorkloadCall(this, filled, sql, check.expect(values, random));
    }

    private static Object fill(Object node, Map<String, Object> values, RandomGenerator random) {
        return switch (node) {
            case Template template -> template.fill(values, random);
            case Map<?, ?> map -> {
                Map<String, Object> filled = new LinkedHashMap<>();
                map.forEach((key, value) -> filled.put((String) key, fill(value, values, random)));
                yield filled;
            }
            case List<?> list -> list.stream().map(item -> fill(item, values, random)).toList();
            case null, default -> node;
        };
    }
}
