package io.rwe.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import io.rwe.core.Json;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The accounting of one ingested file: every row read is either accepted or quarantined
 * ({@code rowsRead = rowsAccepted + rowsQuarantined}, checked when the record is built), the file's
 * SHA-256, and the quarantined rows per reason.
 *
 * @param file            the file name ({@code patients.csv})
 * @param rowsRead        CSV records read (header and blank lines excluded)
 * @param rowsAccepted    rows written to the extract's typed table
 * @param rowsQuarantined rows written to the quarantine
 * @param sha256          SHA-256 of the file's bytes, lower-case hex
 * @param bytes           the file's size
 * @param unknownColumns  header columns the mapping does not know (ignored)
 * @param quarantine      quarantined rows per reason code (only reasons that occur, in reason order)
 */
public record FileAccounting(String file, long rowsRead, long rowsAccepted, long rowsQuarantined, String sha256,
                             long bytes, List<String> unknownColumns, Map<String, Long> quarantine) {

    public FileAccounting {
        unknownColumns = List.copyOf(unknownColumns);
        quarantine = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(quarantine));
        long byReason = quarantine.values().stream().mapToLong(Long::longValue).sum();
        if (rowsRead != rowsAccepted + rowsQuarantined || byReason != rowsQuarantined) {
            throw new IllegalStateException(file + ": accounting does not balance: rows read " + rowsRead
                    + " != accepted " + rowsAccepted + " + quarantined " + rowsQuarantined
                    + " (quarantined per reason: " + byReason + ")");
        }
    }

    /** The quarantined fraction of the rows read (0 for a file with no rows). */
    public double quarantinedFraction() {
        return rowsRead == 0 ? 0 : (double) rowsQuarantined / rowsRead;
    }

    /** The manifest's entry: {@code {rows_read, rows_accepted, rows_quarantined, sha256}} (docs/study.md). */
    public Map<String, Object> manifestEntry() {
        Map<String, Object> m = Json.object();
        m.put("rows_read", rowsRead);
        m.put("rows_accepted", rowsAccepted);
        m.put("rows_quarantined", rowsQuarantined);
        m.put("sha256", sha256);
        return m;
    }

    Map<String, Object> toJson() {
        Map<String, Object> m = manifestEntry();
        m.put("bytes", bytes);
        m.put("unknown_columns", unknownColumns);
        m.put("quarantine", quarantine);
        return m;
    }

    static FileAccounting fromJson(String file, JsonNode n) {
        List<String> unknown = new ArrayList<>();
        n.path("unknown_columns").forEach(x -> unknown.add(x.asText()));
        Map<String, Long> q = new LinkedHashMap<>();
        n.path("quarantine").fields().forEachRemaining(e -> q.put(e.getKey(), e.getValue().asLong()));
        return new FileAccounting(file, n.path("rows_read").asLong(), n.path("rows_accepted").asLong(),
                n.path("rows_quarantined").asLong(), n.path("sha256").asText(), n.path("bytes").asLong(), unknown, q);
    }
}
