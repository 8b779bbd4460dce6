package dev.mallard.catalog;

/** A schema inside a served database. */
public record SchemaInfo(String database, String name, String comment) {}
