package dev.mallard.engine;

/** A result column: its name and DuckDB type as DuckDB spells it. */
public record ResultColumn(String name, String type) {}
