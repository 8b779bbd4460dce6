package dev.mallard.engine;

import java.util.Locale;
import java.util.Optional;

/**
 * The file formats {@code export_query} writes, each with DuckDB's {@code COPY} format, the file
 * extension and the media type a download is served with. JSON is newline-delimited: one object per
 * row, which DuckDB writes as it streams.
 */
public enum ExportFormat {
    CSV("csv", "csv", "text/csv; charset=utf-8"),
    PARQUET("parquet", "parquet", "application/vnd.apache.parquet"),
    JSON("json", "jsonl", "application/x-ndjson");

    private final String copyFormat;
    private final String extension;
    private final String mediaType;

    ExportFormat(String copyFormat, String extension, String mediaType) {
        this.copyFormat = copyFormat;
        this.extension = extension;
        this.mediaType = mediaType;
    }

    /** The name agents pass: csv, parquet or json. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public String extension() {
        return extension;
    }

    public String mediaType() {
        return mediaType;
    }

    String copyFormat() {
        return copyFormat;
    }

    public static Optional<ExportFormat> ofLabel(String label) {
        for (ExportFormat format : values()) {
            if (format.label().equals(label)) {
                return Optional.of(format);
            }
        }
        return Optional.empty();
    }
}
