/**
 * What an MCP client can offer a user besides tools: each table and view as a resource, prompts to
 * pick from a menu, and completions of the database and table names they take. Defined here without
 * any protocol types so that every protocol adapter serves the same definitions.
 */
package dev.mallard.resources;
