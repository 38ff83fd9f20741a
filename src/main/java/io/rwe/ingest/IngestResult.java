package io.rwe.ingest;

import io.rwe.core.Json;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * What one ingest run did.
 *
 * @param accounting     the accounting of every extract in the warehouse (they all feed the curated tables)
 * @param ingested       extract dates read in this run
 * @param skipped        extract dates already ingested with identical files, left as they were
 * @param curatedVersion the published curated version folder's name
 * @param published      whether this run published a new curated version (false: it was already current)
 * @param seconds        wall-clock duration of the run
 * @param waiting        extract folders not read in this run, and why (a required delivery manifest not yet there)
 * @param withdrawn      extract folders ignored because their extract was withdrawn
 */
public record IngestResult(IngestAccounting accounting, List<LocalDate> ingested, List<LocalDate> skipped,
                           String curatedVersion, boolean published, double seconds, Map<LocalDate, String> waiting,
                           List<LocalDate> withdrawn) {

    public IngestResult {
        ingested = List.copyOf(ingested);
        skipped = List.copyOf(skipped);
        waiting = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(waiting));
        withdrawn = List.copyOf(withdrawn);
    }

    /** The manifest's {@code "inputs"} (docs/study.md). */
    public Map<String, Object> inputs() {
        return accounting.inputs();
    }

    /** The manifest's {@code "quarantine"} (docs/study.md). */
    public Map<String, Object> quarantine() {
        return accounting.quarantine();
    }

    /** A summary for logs and {@code ingest.json}. */
    public Map<String, Object> toJson() {
        Map<String, Object> m = Json.object();
        m.put("inputs", inputs());
        m.put("quarantine", quarantine());
        m.put("ingested", ingested.stream().map(LocalDate::toString).toList());
        m.put("skipped", skipped.stream().map(LocalDate::toString).toList());
        Map<String, Object> w = Json.object();
        waiting.forEach((d, why) -> w.put(d.toString(), why));
        m.put("waiting", w);
        m.put("withdrawn_ignored", withdrawn.stream().map(LocalDate::toString).toList());
        m.put("curated_version", curatedVersion);
        m.put("published", published);
        m.put("rows_read", accounting.rowsRead());
        m.put("rows_accepted", accounting.rowsAccepted());
        m.put("rows_quarantined", accounting.rowsQuarantined());
        return m;
    }
}
