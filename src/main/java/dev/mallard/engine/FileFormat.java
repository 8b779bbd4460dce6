package dev.mallard.engine;

import dev.mallard.error.MallardException;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The formats a file source reads, each with the DuckDB reader that serves it. Every reader takes
 * {@code union_by_name}, so the files of one glob may order or add columns differently; compression
 * (.gz, .zst) is detected by DuckDB from the file name.
 */
public enum FileFormat {
    CSV("read_csv(%s, union_by_name = true)", "csv"),
    TSV("read_csv(%s, delim = '\\t', union_by_name = true)", "tsv"),
    PARQUET("read_parquet(%s, union_by_name = true)", "parquet"),
    JSON("read_json_auto(%s, union_by_name = true)", "json"),
    NDJSON("read_json_auto(%s, format = 'newline_delimited', union_by_name = true)", "ndjson", "jsonl");

    private final String reader;
    private final String[] extensions;

    FileFormat(String reader, String... extensions) {
        this.reader = reader;
        this.extensions = extensions;
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The table function call that reads every file {@code pattern} matches. */
    String reader(String pattern) {
        return reader.formatted(SqlText.literal(pattern));
    }

    /** The format a name such as {@code csv} or {@code parquet} stands for; refuses others. */
    public static FileFormat named(String name) {
        return Arrays.stream(values()).filter(format -> format.label().equals(name.toLowerCase(Locale.ROOT)))
                .findFirst().orElseThrow(() -> MallardException.invalidArgument("Unknown file format '" + name
                        + "'. Use one of " + labels() + "."));
    }

    /** The format a file's extension says (ignoring a trailing .gz or .zst), if it says one. */
    public static Optional<FileFormat> ofFile(String fileName) {
        String name = fileName.toLowerCase(Locale.ROOT).replaceFirst("\\.(gz|zst)$", "");
        int dot = name.lastIndexOf('.');
        String extension = dot < 0 ? "" : name.substring(dot + 1);
        return Arrays.stream(values()).filter(format -> Arrays.asList(format.extensions).contains(extension))
                .findFirst();
    }

    public static String labels() {
        return Arrays.stream(values()).map(FileFormat::label).collect(Collectors.joining(", "));
    }
}
