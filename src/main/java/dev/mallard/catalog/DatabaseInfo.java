package dev.mallard.catalog;

/** A served database as the catalog sees it. */
public record DatabaseInfo(String name, String location, boolean writable, boolean isDefault, String comment) {}
