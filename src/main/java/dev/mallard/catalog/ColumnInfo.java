package dev.mallard.catalog;

/** A column of a table or view, with DuckDB's {@code COMMENT ON COLUMN} text when there is one. */
public record ColumnInfo(String name, String type, boolean nullable, String comment, String defaultValue) {}
