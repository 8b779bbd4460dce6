package dev.mallard.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * The measured window of one phase (Mallard over MCP, or the engine baseline): calls, errors by
 * kind, latency and result sizes, and the resources used meanwhile.
 */
record PhaseResult(String phase, int concurrency, Duration measured, long calls, long answers,
        Map<ErrorKind, Long> errors, Map<ErrorKind, List<String>> examples, Histogram latency,
        Map<String, Histogram> latencyByEntry, long resultChars, long maxResultChars, List<SampledAnswer> sample,
        ResourceUsage usage) {

    static PhaseResult merge(String phase, Duration measured, List<PhaseRecorder> recorders, ResourceUsage usage) {
        Histogram latency = PhaseRecorder.newHistogram();
        Map<String, Histogram> byEntry = new LinkedHashMap<>();
        Map<ErrorKind, Long> errors = new EnumMap<>(ErrorKind.class);
        Map<ErrorKind, List<String>> examples = new EnumMap<>(ErrorKind.class);
        List<SampledAnswer> sample = new ArrayList<>();
        long answers = 0;
        long chars = 0;
        long maxChars = 0;
        for (PhaseRecorder recorder : recorders) {
            latency.add(recorder.latency);
            recorder.latencyByEntry.forEach((entry, histogram) ->
                    byEntry.computeIfAbsent(entry, name -> PhaseRecorder.newHistogram()).add(histogram));
            recorder.errors.forEach((kind, count) -> errors.merge(kind, count, Long::sum));
            recorder.examples.forEach((kind, kept) -> examples.computeIfAbsent(kind, k -> new ArrayList<>()).addAll(kept));
            sample.addAll(recorder.sample);
            answers += recorder.answers;
            chars += recorder.resultChars;
            maxChars = Math.max(maxChars, recorder.maxResultChars);
        }
        return new PhaseResult(phase, recorders.size(), measured, latency.getTotalCount(), answers, errors, examples,
                latency, byEntry, chars, maxChars, Collections.unmodifiableList(sample), usage);
    }

    double callsPerSecond() {
        return calls / (measured.toNanos() / 1e9);
    }

    long errorCount() {
        return errors.values().stream().mapToLong(Long::longValue).sum();
    }

    /** Latency at a percentile (0–100) in milliseconds. */
    double millis(double percentile) {
        return latency.getTotalCount() == 0 ? 0 : latency.getValueAtPercentile(percentile) / 1e6;
    }

    double maxMillis() {
        return latency.getTotalCount() == 0 ? 0 : latency.getMaxValue() / 1e6;
    }

    /** This result with the wrong answers found by checking the sample against the engine. */
    PhaseResult withWrongAnswers(long wrong, List<String> found) {
        if (wrong == 0) {
            return this;
        }
        Map<ErrorKind, Long> moreErrors = new EnumMap<>(errors);
        moreErrors.merge(ErrorKind.WRONG_ANSWER, wrong, Long::sum);
        Map<ErrorKind, List<String>> moreExamples = new EnumMap<>(examples);
        List<String> wrongExamples = new ArrayList<>(moreExamples.getOrDefault(ErrorKind.WRONG_ANSWER, List.of()));
        wrongExamples.addAll(found);
        moreExamples.put(ErrorKind.WRONG_ANSWER, wrongExamples);
        return new PhaseResult(phase, concurrency, measured, calls, answers - wrong, moreErrors, moreExamples, latency,
                latencyByEntry, resultChars, maxResultChars, sample, usage);
    }
}
