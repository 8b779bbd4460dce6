package dev.mallard.web;

import org.eclipse.jetty.server.Handler;

/** A handler for one path (exact, or a prefix ending in /*), mounted beside the MCP endpoint, the home page and the health check. */
public record Route(String path, Handler handler) {}
