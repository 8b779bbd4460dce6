package dev.mallard.cli;

import dev.mallard.config.ConfigFile;
import dev.mallard.config.MallardConfig;
import dev.mallard.config.SourceDeclaration;
import dev.mallard.error.MallardException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine;

/**
 * Option values not given as flags: first from {@code MALLARD_*} environment variables
 * ({@code --max-rows} is {@code MALLARD_MAX_ROWS}), then from the config file (YAML, keys named as
 * the long options without dashes: {@code max-rows: 500}). Flags win over both. The file's one
 * structured key, {@code sources:}, is not an option: the commands that apply it ask for
 * {@link #declaredSources()}. Hidden options
 * (the test harness's {@code --test-profile}) take neither: they are set on the command line or not
 * at all, so no stray variable or config key can turn test fixtures on in a served product.
 */
final class ConfigDefaults implements CommandLine.IDefaultValueProvider {
    static final String CONFIG_ENV = "MALLARD_CONFIG";

    private final Map<String, String> environment;
    private final ConfigFile file;

    ConfigDefaults(Map<String, String> environment, ConfigFile file) {
        this.environment = Map.copyOf(environment);
        this.file = file;
    }

    /**
     * Finds the config file: {@code --config FILE} on the command line, else {@code MALLARD_CONFIG},
     * else {@code ~/.mallard/config.yaml} when it exists.
     */
    static ConfigDefaults load(String[] args, Map<String, String> environment) {
        Path explicit = configArgument(args);
        if (explicit == null && environment.get(CONFIG_ENV) != null) {
            explicit = Path.of(environment.get(CONFIG_ENV));
        }
        if (explicit != null) {
            if (!Files.isRegularFile(explicit)) {
                throw MallardException.configuration("Config file " + explicit + " does not exist.");
            }
            return new ConfigDefaults(environment, ConfigFile.read(explicit));
        }
        Path standard = MallardConfig.defaultDataDir().resolve("config.yaml");
        return new ConfigDefaults(environment, Files.isRegularFile(standard) ? ConfigFile.read(standard)
                : ConfigFile.NONE);
    }

    /**
     * The defaults a command runs with (set on the root command by {@link MallardCommand#createCommandLine},
     * so shared by every subcommand); none for a command line built otherwise.
     */
    static ConfigDefaults of(CommandLine.Model.CommandSpec spec) {
        return spec.commandLine().getDefaultValueProvider() instanceof ConfigDefaults defaults ? defaults
                : new ConfigDefaults(Map.of(), ConfigFile.NONE);
    }

    /**
     * The sources the config file declares, their secrets read from the environment; empty when the
     * file has no {@code sources:} key.
     */
    Optional<List<SourceDeclaration>> declaredSources() {
        return file.declaredSources(environment);
    }

    @Override
    public String defaultValue(CommandLine.Model.ArgSpec argument) {
        if (!(argument instanceof CommandLine.Model.OptionSpec option) || !option.longestName().startsWith("--")
                || option.hidden()) {
            return null;
        }
        String key = option.longestName().substring(2);
        String fromEnvironment = environment.get(environmentName(key));
        if (fromEnvironment != null) {
            return fromEnvironment;
        }
        return file.options().get(key);
    }

    static String environmentName(String key) {
        return "MALLARD_" + key.toUpperCase(Locale.ROOT).replace('-', '_');
    }

    private static Path configArgument(String[] args) {
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--config") && i + 1 < args.length) {
                return Path.of(args[i + 1]);
            }
            if (args[i].startsWith("--config=")) {
                return Path.of(args[i].substring("--config=".length()));
            }
        }
        return null;
    }
}
