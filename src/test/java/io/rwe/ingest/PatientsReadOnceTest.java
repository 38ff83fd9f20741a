package io.rwe.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rwe.TestSpark;
import io.rwe.registry.ExtractTable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.scheduler.SparkListenerStageCompleted;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * patients.csv is read once when every row passes the field rules: its accepted rows are written first
 * and the patients' status (for the patient reference of the child files) comes from the written
 * {@code patient_id} column. When a row is rejected, or a patient_id is held by two rows, the status
 * comes from the file again, rejected rows and key rules included. The child files' patient reference
 * must come out the same either way: {@code unknown_patient} for a patient the file never names,
 * {@code rejected_patient} for one whose only row was rejected, and the key rules' verdict for a
 * repeated patient_id (docs/registry-extract.md, "What is a bad record"). Expected reasons are the
 * rules applied by hand to the rows written here.
 */
class PatientsReadOnceTest {

    static final String DATE = "2024-06-30";

    @TempDir
    Path tmp;

    /** Runs the ingest and counts the Spark stages that read all of patients.csv's bytes. */
    private int ingestCountingFullReadsOfPatients(Extracts.Folder folder) throws Exception {
        Path root = tmp.resolve("extracts");
        Path dir = folder.write(root, DATE);
        long size = Files.size(dir.resolve("patients.csv"));
        Map<Integer, String> described = new ConcurrentHashMap<>();
        AtomicInteger fullReads = new AtomicInteger();
        SparkListener listener = new SparkListener() {
            @Override
            public void onJobStart(SparkListenerJobStart start) {
                String what = start.properties() == null ? null : start.properties().getProperty("spark.job.description");
                if (what != null) {
                    scala.jdk.javaapi.CollectionConverters.asJava(start.stageIds())
                            .forEach(id -> described.put((Integer) id, what));
                }
            }

            @Override
            public void onStageCompleted(SparkListenerStageCompleted done) {
                String what = described.getOrDefault(done.stageInfo().stageId(), "");
                if (what.contains("patients.csv") && done.stageInfo().taskMetrics().inputMetrics().bytesRead() >= size) {
                    fullReads.incrementAndGet();
                }
            }
        };
        var sc = TestSpark.session().sparkContext();
        sc.addSparkListener(listener);
        try {
            Extracts.ingest(root, tmp.resolve("warehouse"), Extracts.defaults());
            // Listener events are delivered asynchronously: wait for the bus to drain.
            sc.listenerBus().waitUntilEmpty();
        } finally {
            sc.removeSparkListener(listener);
        }
        return fullReads.get();
    }

    /**
     * {@code lines} and then 3,000 clean patients Z0001…: enough rows that patients.csv is larger than
     * what the other stages of its jobs read (the written table's patient_id column, the cached status).
     */
    private static String[] withMany(String... lines) {
        List<String> all = new java.util.ArrayList<>(List.of(lines));
        for (int i = 1; i <= 3000; i++) {
            all.add(String.format("Z%04d,C1,1950-01-01,F,B,A,0,1200,35.5,2024-01-01,,N", i));
        }
        return all.toArray(new String[0]);
    }

    private String reason(String file, long line) {
        return Extracts.quarantined(tmp.resolve("warehouse"), DATE, file, line).getString(0);
    }

    private List<String> accepted(ExtractTable t) {
        return Extracts.accepted(tmp.resolve("warehouse"), DATE, t).select("patient_id")
                .filter("patient_id not like 'Z%'").orderBy("patient_id")
                .collectAsList().stream().map(r -> r.getString(0)).toList();
    }

    // patient_id,center_id,birth_date,sex,bclc_stage,child_pugh_class,ecog_ps,hbv_dna_iu_ml,afp_ug_l,last_contact_date,death_date,withdrawn

    @Test
    void aCleanPatientsFileIsReadOnceAndItsStatusStillNamesUnknownPatients() throws Exception {
        int reads = ingestCountingFullReadsOfPatients(Extracts.folder()
                .rows(ExtractTable.PATIENTS, withMany(
                        "P1,C1,1950-01-01,M,C,A,1,,,2024-01-01,,",
                        "P2,C1,1960-01-01,F,B,A,0,,,2024-01-01,,"))
                .rows(ExtractTable.LESIONS,
                        "P1,L1,lung,Y,2023-01-01",                 // 2 accepted
                        "P9,L1,lung,Y,2023-01-01",                 // 3 unknown_patient
                        "P2,L1,bone,Y,2023-01-01"));               // 4 accepted
        assertEquals(1, reads, "a clean patients.csv read more than once");
        assertEquals(List.of("P1", "P2"), accepted(ExtractTable.PATIENTS));
        assertEquals(List.of("P1", "P2"), accepted(ExtractTable.LESIONS));
        assertEquals(QuarantineReason.UNKNOWN_PATIENT.code(), reason("lesions.csv", 3));
    }

    @Test
    void aRejectedPatientRowSendsTheFileThroughItsStatusAgain() throws Exception {
        int reads = ingestCountingFullReadsOfPatients(Extracts.folder()
                .rows(ExtractTable.PATIENTS, withMany(
                        "P1,C1,1950-01-01,M,C,A,1,,,2024-01-01,,",
                        "P2,C1,1960-01-01,X,B,A,0,,,2024-01-01,,")) // 3 invalid_code sex
                .rows(ExtractTable.LESIONS,
                        "P1,L1,lung,Y,2023-01-01",                 // 2 accepted
                        "P2,L1,bone,Y,2023-01-01",                 // 3 rejected_patient
                        "P9,L1,lung,Y,2023-01-01"));               // 4 unknown_patient
        assertTrue(reads >= 2, "the status of a patients.csv with a rejected row needs the file again: " + reads);
        assertEquals(List.of("P1"), accepted(ExtractTable.PATIENTS));
        assertEquals(QuarantineReason.INVALID_CODE.code(), reason("patients.csv", 3));
        assertEquals(List.of("P1"), accepted(ExtractTable.LESIONS));
        assertEquals(QuarantineReason.REJECTED_PATIENT.code(), reason("lesions.csv", 3));
        assertEquals(QuarantineReason.UNKNOWN_PATIENT.code(), reason("lesions.csv", 4));
    }

    @Test
    void aRepeatedPatientIdAmongCleanRowsGoesThroughTheKeyRules() throws Exception {
        int reads = ingestCountingFullReadsOfPatients(Extracts.folder()
                .rows(ExtractTable.PATIENTS, withMany(
                        "P1,C1,1950-01-01,M,C,A,1,,,2024-01-01,,", // 2 accepted (first of two identical)
                        "P1,C1,1950-01-01,M,C,A,1,,,2024-01-01,,", // 3 duplicate_row
                        "P2,C1,1960-01-01,F,B,A,0,,,2024-01-01,,", // 4 conflicting_key
                        "P2,C2,1960-01-01,F,B,A,0,,,2024-01-01,,", // 5 conflicting_key
                        "P3,C1,1970-01-01,F,B,A,0,,,2024-01-01,,")) // 6 accepted
                .rows(ExtractTable.LESIONS,
                        "P1,L1,lung,Y,2023-01-01",                 // 2 accepted
                        "P2,L1,bone,Y,2023-01-01",                 // 3 rejected_patient
                        "P3,L1,lung,Y,2023-01-01"));               // 4 accepted
        assertTrue(reads >= 2, "the key rules read patients.csv again: " + reads);
        assertEquals(List.of("P1", "P3"), accepted(ExtractTable.PATIENTS));
        assertEquals(QuarantineReason.DUPLICATE_ROW.code(), reason("patients.csv", 3));
        assertEquals(QuarantineReason.CONFLICTING_KEY.code(), reason("patients.csv", 4));
        assertEquals(QuarantineReason.CONFLICTING_KEY.code(), reason("patients.csv", 5));
        assertEquals(List.of("P1", "P3"), accepted(ExtractTable.LESIONS));
        assertEquals(QuarantineReason.REJECTED_PATIENT.code(), reason("lesions.csv", 3));
        Row accounting = Extracts.quarantine(tmp.resolve("warehouse"), DATE).groupBy("file").count()
                .filter("file = 'patients.csv'").first();
        assertEquals(3L, accounting.getLong(1), "patients.csv quarantined rows");
    }
}
