package dev.mallard.resources;

/**
 * A table or view as resources/list shows it.
 *
 * @param name the name a user knows it by ({@code demo.main.orders})
 * @param description its kind and comment, when it has one
 */
public record TableResource(TableUri uri, String name, String description) {}
