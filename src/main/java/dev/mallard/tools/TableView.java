package dev.mallard.tools;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Rows of a catalog listing in Mallard's lean {columns, rows} shape. */
final class TableView {
    private final List<String> columns;
    private final List<List<Object>> rows = new ArrayList<>();

    TableView(String... columns) {
        this.columns = List.of(columns);
    }

    TableView add(Object... values) {
        rows.add(Arrays.asList(values));
        return this;
    }

    Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("columns", columns);
        map.put("rows", List.copyOf(rows));
        return map;
    }
}
