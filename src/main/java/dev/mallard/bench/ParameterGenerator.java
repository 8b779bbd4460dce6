package dev.mallard.bench;

import dev.mallard.error.MallardException;
import java.util.Arrays;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * A randomised value of a workload call: {@code int:MIN:MAX} (inclusive) or {@code pick:a|b|c}.
 * Drawn once per call, so the same value can appear in the arguments and in the answer check.
 */
sealed interface ParameterGenerator {

    Object draw(RandomGenerator random);

    record IntRange(long min, long max) implements ParameterGenerator {
        @Override
        public Object draw(RandomGenerator random) {
            return random.nextLong(min, max + 1);
        }
    }

    record Pick(List<String> choices) implements ParameterGenerator {
        @Override
        public Object draw(RandomGenerator random) {
            return choices.get(random.nextInt(choices.size()));
        }
    }

    /** True if the text looks like a generator rather than the name of a parameter. */
    static boolean isSpec(String text) {
        return text.startsWith("int:") || text.startsWith("pick:");
    }

    static ParameterGenerator parse(String spec) {
        if (spec.startsWith("pick:")) {
            List<String> choices = Arrays.stream(spec.substring("pick:".length()).split("\\|")).toList();
            if (choices.stream().anyMatch(String::isEmpty)) {
                throw invalid(spec);
            }
            return new Pick(choices);
        }
        String[] parts = spec.split(":");
        if (parts.length != 3 || !parts[0].equals("int")) {
            throw invalid(spec);
        }
        try {
            long min = Long.parseLong(parts[1].strip());
            long max = Long.parseLong(parts[2].strip());
            if (min > max) {
                throw invalid(spec);
            }
            return new IntRange(min, max);
        } catch (NumberFormatException e) {
            throw invalid(spec);
        }
    }

    private static MallardException invalid(String spec) {
        return MallardException.invalidArgument("'" + spec + "' is not a parameter: write int:MIN:MAX (for example "
                + "int:1:50000) or pick:a|b|c.");
    }
}
