package dev.mallard.bench;

import java.util.List;
import java.util.random.RandomGenerator;

/** A weighted mix of tool calls, read from a workload file by {@link WorkloadFile}. */
record Workload(String name, List<WorkloadEntry> entries) {
    Workload {
        entries = List.copyOf(entries);
    }

    /** Draws an entry with probability weight / total weight, and its parameters. */
    WorkloadCall draw(RandomGenerator random) {
        int total = entries.stream().mapToInt(WorkloadEntry::weight).sum();
        int ticket = random.nextInt(total);
        for (WorkloadEntry entry : entries) {
            ticket -= entry.weight();
            if (ticket < 0) {
                return entry.draw(random);
            }
        }
        throw new IllegalStateException("weights changed while drawing");
    }

    boolean hasSameAsChecks() {
        return entries.stream().anyMatch(entry -> entry.check().sameAs() != null);
    }
}
