package dev.mallard.bench;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;
import org.HdrHistogram.Histogram;

/**
 * What one worker measured, kept by that worker alone (no locks on the hot path) and merged into
 * a {@link PhaseResult} at the end.
 */
final class PhaseRecorder {
    private static final int EXAMPLES_PER_KIND = 3;

    final Histogram latency = newHistogram();
    final Map<String, Histogram> latencyByEntry = new LinkedHashMap<>();
    final Map<ErrorKind, Long> errors = new EnumMap<>(ErrorKind.class);
    final Map<ErrorKind, List<String>> examples = new EnumMap<>(ErrorKind.class);
    final List<SampledAnswer> sample = new ArrayList<>();
    long answers;
    long resultChars;
    long maxResultChars;
    private final int sampleCapacity;
    private final RandomGenerator random;
    private long sampleCandidates;

    PhaseRecorder(int sampleCapacity, RandomGenerator random) {
        this.sampleCapacity = sampleCapacity;
        this.random = random;
    }

    static Histogram newHistogram() {
        return new Histogram(3);
    }

    void record(WorkloadCall call, Outcome outcome, long nanos) {
        latency.recordValue(nanos);
        latencyByEntry.computeIfAbsent(call.entry().name(), name -> newHistogram()).recordValue(nanos);
        if (outcome.error() != null) {
            errors.merge(outcome.error(), 1L, Long::sum);
            List<String> kept = examples.computeIfAbsent(outcome.error(), kind -> new ArrayList<>());
            if (kept.size() < EXAMPLES_PER_KIND) {
                kept.add(call.entry().name() + ": " + AnswerValues.brief(outcome.message()));
            }
            return;
        }
        answers++;
        resultChars += outcome.resultChars();
        maxResultChars = Math.max(maxResultChars, outcome.resultChars());
        if (call.expected().sameAsSql() != null) {
            keepForEngineCheck(new SampledAnswer(call, outcome.checkedValue()));
        }
    }

    /** Reservoir sampling (Vitter's algorithm R): every answer has the same chance to be checked. */
    private void keepForEngineCheck(SampledAnswer answer) {
        sampleCandidates++;
        if (sample.size() < sampleCapacity) {
            sample.add(answer);
        } else {
            long slot = random.nextLong(sampleCandidates);
            if (slot < sampleCapacity) {
                sample.set((int) slot, answer);
            }
        }
    }
}
