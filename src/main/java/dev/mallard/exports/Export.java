package dev.mallard.exports;

import dev.mallard.engine.ExportFormat;
import dev.mallard.engine.ResultColumn;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * One exported file, downloadable by the principal that made it until it expires.
 *
 * @param id the unguessable id in the download URL
 * @param principal the name of the principal that made it; only it may download the file
 */
public record Export(String id, String principal, Instant created, Instant expires, ExportFormat format, long rows,
        long bytes, List<ResultColumn> columns, Path file) {
    public Export {
        columns = List.copyOf(columns);
    }

    /** The name a download is saved under. */
    public String fileName() {
        return "export-" + id.substring(0, 8) + "." + format.extension();
    }
}
