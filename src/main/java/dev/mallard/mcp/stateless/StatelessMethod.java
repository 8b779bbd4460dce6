package dev.mallard.mcp.stateless;

/** Answers one JSON-RPC method of the stateless era. */
@FunctionalInterface
public interface StatelessMethod {
    StatelessReply handle(StatelessRequest request);
}
