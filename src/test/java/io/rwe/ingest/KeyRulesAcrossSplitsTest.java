package io.rwe.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.rwe.registry.ExtractTable;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The key rules of docs/registry-extract.md when the rows sharing a key are read by different tasks: the file
 * is read in byte ranges of 16 bytes, so every line of it is parsed by a task of its own, and the key
 * check of a child file (repeated key hashes counted by the tasks that write the accepted rows, within
 * the partitions of the rows joined by patient: {@link KeyRepeats}) must still see every pair. Expected
 * rows by hand, beside each line.
 */
class KeyRulesAcrossSplitsTest {
    static final String DATE = "2024-06-30";

    @TempDir
    static Path tmp;
    static Path warehouse;

    @BeforeAll
    static void ingest() {
        Path root = tmp.resolve("extracts");
        warehouse = tmp.resolve("warehouse");
        Extracts.folder().rows(ExtractTable.PATIENTS,
                        "P01,C1,1950-01-01,M,C,A,1,,,2024-01-01,,",            // 2
                        "P02,C1,1950-01-01,F,C,A,1,,,2024-01-01,,",            // 3
                        "P03,C1,1950-01-01,F,C,A,1,,,2024-01-01,,")            // 4
                .rows(ExtractTable.LESIONS,
                        "P01,L1,lung,Y,2023-01-01",                            // 2 accepted (first of two)
                        "P02,L1,bone,Y,2023-01-01",                            // 3 conflicting_key with 8
                        "P03,L1,lung,Y,2023-01-01",                            // 4 accepted
                        "P01,L2,lung,Y,2023-01-01",                            // 5 accepted
                        "P03,L2,bone,N,2023-01-01",                            // 6 accepted
                        "P02,L2,lung,Y,2023-01-01",                            // 7 accepted
                        "P02,L1,adrenal,Y,2023-01-01",                         // 8 conflicting_key with 3
                        "P01,L1,lung,Y,2023-01-01")                            // 9 duplicate_row of 2
                .write(root, DATE);
        Extracts.ingest(root, warehouse, Extracts.defaults().withSplitBytes(16));
    }

    @Test
    void aDuplicateReadByAnotherTaskIsFound() {
        Row q = Extracts.quarantined(warehouse, DATE, "lesions.csv", 9);
        assertEquals(QuarantineReason.DUPLICATE_ROW.code(), q.getString(0));
        assertEquals("patient_id, lesion_id: identical to the row at line 2, which is kept", q.getString(2));
        assertEquals("P01,L1,lung,Y,2023-01-01", q.getString(3));
    }

    @Test
    void aConflictReadByTwoTasksRejectsBoth() {
        for (long line : new long[] {3, 8}) {
            Row q = Extracts.quarantined(warehouse, DATE, "lesions.csv", line);
            assertEquals(QuarantineReason.CONFLICTING_KEY.code(), q.getString(0), "line " + line);
        }
        assertEquals("P02,L1,adrenal,Y,2023-01-01", Extracts.quarantined(warehouse, DATE, "lesions.csv", 8).getString(3));
    }

    @Test
    void theOtherRowsAreAccepted() {
        List<Long> lines = Extracts.accepted(warehouse, DATE, ExtractTable.LESIONS).orderBy("_line")
                .select("_line").collectAsList().stream().map(r -> r.getLong(0)).toList();
        assertEquals(List.of(2L, 4L, 5L, 6L, 7L), lines);
        assertEquals(3, Extracts.accepted(warehouse, DATE, ExtractTable.PATIENTS).count());
    }

    @Test
    void repeatedValuesAreCountedOnceEach() {
        // How many distinct values occur twice or more (worked by hand).
        assertEquals(2, KeyRepeats.repeated(new long[] {4, 1, 3, 1, 2, 1, 4}, 7));   // 1 (three times), 4
        assertEquals(2, KeyRepeats.repeated(new long[] {9, -7, 0, -7, 9}, 5));       // -7, 9
        assertEquals(0, KeyRepeats.repeated(new long[] {1, 2, 3}, 3));
        assertEquals(0, KeyRepeats.repeated(new long[] {5, 5}, 0));                  // nothing noted
        assertEquals(1, KeyRepeats.repeated(new long[] {5, 5, 7}, 2));               // only the first two
    }
}
