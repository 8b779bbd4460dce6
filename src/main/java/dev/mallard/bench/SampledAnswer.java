package dev.mallard.bench;

/** A call kept for checking against the engine after the run: what it asked and what it got. */
record SampledAnswer(WorkloadCall call, Object actual) {}
