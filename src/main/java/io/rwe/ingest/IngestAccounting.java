package io.rwe.ingest;

import java.util.ArrayList;
import java.nio.file.Files;
import java.nio.file.Path;
import io.rwe.core.Json;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The accounting of every extract that feeds the curated tables, in date order: the manifest's
 * {@code "inputs"} and {@code "quarantine"} objects of docs/study.md ("Results contract").
 *
 * @param extracts the accounting of each ingested extract
 * @param reasons  every quarantine reason code of the input model, in its order (the extract format's:
 *                 {@link QuarantineReason})
 */
public record IngestAccounting(List<ExtractAccounting> extracts, List<String> reasons) {

    public IngestAccounting {
        extracts = extracts.stream().sorted(Comparator.comparing(ExtractAccounting::extractDate)).toList();
        reasons = List.copyOf(reasons);
    }

    /** The accounting of extracts of the extract format (its reasons: {@link QuarantineReason}). */
    public IngestAccounting(List<ExtractAccounting> extracts) {
        this(extracts, java.util.Arrays.stream(QuarantineReason.values()).map(QuarantineReason::code).toList());
    }

    /**
     * {@code {"<extract-date>/<file>.csv": {"rows_read", "rows_accepted", "rows_quarantined", "sha256"}}},
     * extracts in date order, files in the spec's order.
     */
    public Map<String, Object> inputs() {
        Map<String, Object> m = Json.object();
        for (ExtractAccounting e : extracts) {
            for (FileAccounting f : e.files()) {
                m.put(e.extractDate() + "/" + f.file(), f.manifestEntry());
            }
        }
        return m;
    }

    /**
     * {@code {"<reason>": count}} summed over every file: every reason code of the input model, in its
     * order, 0 where no row was quarantined for it.
     */
    public Map<String, Object> quarantine() {
        Map<String, Object> m = Json.object();
        for (String r : reasons) {
            long n = 0;
            for (ExtractAccounting e : extracts) {
                for (FileAccounting f : e.files()) {
                    n += f.quarantine().getOrDefault(r, 0L);
                }
            }
            m.put(r, n);
        }
        return m;
    }

    /** Totals over every file: rows read, accepted, quarantined. */
    public long rowsRead() {
        return extracts.stream().flatMap(e -> e.files().stream()).mapToLong(FileAccounting::rowsRead).sum();
    }

    public long rowsAccepted() {
        return extracts.stream().flatMap(e -> e.files().stream()).mapToLong(FileAccounting::rowsAccepted).sum();
    }

    public long rowsQuarantined() {
        return extracts.stream().flatMap(e -> e.files().stream()).mapToLong(FileAccounting::rowsQuarantined).sum();
    }

    /** {@code {"inputs": …, "quarantine": …}}: what the warehouse's {@code ingest.json} holds. */
    public Map<String, Object> toJson() {
        Map<String, Object> m = Json.object();
        m.put("inputs", inputs());
        m.put("quarantine", quarantine());
        return m;
    }

    /**
     * The accounting of every extract ingested into {@code warehouse} and not withdrawn
     * ({@code accounting/<date>.json}, in date order); empty when there is none. The reasons are those
     * of the warehouse's last ingest ({@code ingest.json}), else the extract format's.
     */
    public static IngestAccounting read(Path warehouse) {
        Warehouse wh = new Warehouse(warehouse);
        List<ExtractAccounting> extracts = new ArrayList<>();
        for (java.time.LocalDate d : wh.ingestedDates()) {
            extracts.add(ExtractAccounting.read(wh.accounting(d)));
        }
        Path summary = warehouse.resolve("ingest.json");
        if (Files.isRegularFile(summary) && Json.read(summary).path("quarantine").isObject()) {
            List<String> reasons = new ArrayList<>();
            Json.read(summary).path("quarantine").fieldNames().forEachRemaining(reasons::add);
            return new IngestAccounting(extracts, reasons);
        }
        return new IngestAccounting(extracts);
    }
}
