package dev.mallard.bench;

/** Makes one call of a workload, the way a phase makes it (MCP tools/call, or SQL on the engine). */
@FunctionalInterface
interface CallRunner {
    Outcome call(WorkloadCall call);
}
