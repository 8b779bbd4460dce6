package dev.mallard.bench;

import java.util.List;
import java.util.Map;

/** One drawn call: the tool's arguments, the engine baseline's SQL, and the expected answer. */
record WorkloadCall(WorkloadEntry entry, Map<String, Object> arguments, List<String> engineSql,
        AnswerCheck.Expected expected) {}
