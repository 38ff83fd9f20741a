package io.rwe.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.rwe.TestSpark;
import io.rwe.core.BadInputException;
import io.rwe.core.Json;
import io.rwe.core.RetryableException;
import io.rwe.core.UsageException;
import io.rwe.registry.ExtractTable;
import io.rwe.run.FolderLock;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Deliveries as a registry really sends them (docs/ingest.md, "Deliveries"; docs/delivery.md): dates that
 * cannot be true, withdrawals that win whatever the order of arrival, a delivery manifest, a file that
 * changes while it is read, a delivery cut short and then completed, a second run on the warehouse.
 */
class DeliveryTest {
    @TempDir
    Path tmp;

    /** Today is 2018-09-06 for these runs (UTC). */
    static final Clock CLOCK = Clock.fixed(Instant.parse("2018-09-06T02:00:00Z"), ZoneOffset.UTC);

    static IngestSettings settings(String conf, Clock clock) {
        IngestSettings s = IngestSettings.fromConfig(ConfigFactory.parseString(conf + "\nrwe.run.lock-wait = 0s"));
        DeliveryRules d = s.delivery();
        return s.withDelivery(new DeliveryRules(clock, d.futureToleranceDays(), d.firstExtract(), d.manifestRequired(),
                d.reingestChanged()));
    }

    static IngestSettings settings(String conf) {
        return settings(conf, CLOCK);
    }

    Path root() {
        return tmp.resolve("extracts");
    }

    Path warehouse() {
        return tmp.resolve("warehouse");
    }

    List<String> curatedPatients() {
        return NightlyMergeTest.ids(Curated.table(TestSpark.session(), warehouse(), ExtractTable.PATIENTS));
    }

    /** Two patients, P and Q, as of {@code date}; P withdrawn when {@code pWithdrawn}. */
    static Extracts.Folder pq(String date, boolean pWithdrawn) {
        return Extracts.folder().rows(ExtractTable.PATIENTS,
                "P,C1,1950-01-01,M,C,A,,,," + date + ",," + (pWithdrawn ? "Y" : "N"),
                "Q,C1,1960-01-01,F,B,A,,,," + date + ",,N");
    }

    // ---- Dates that cannot be true ----

    @Test
    void aFutureDatedFolderIsRefusedNamingTheFolderAndNothingIsLeftBehind() {
        pq("2018-09-03", false).write(root(), "2081-09-04");
        BadInputException e = assertThrows(BadInputException.class,
                () -> Extracts.ingest(root(), warehouse(), settings("")));
        assertEquals(root().resolve("2081-09-04") + ": extract dated 2081-09-04, after today (2018-09-06, 1 day of "
                + "tolerance: rwe.ingest.future-tolerance-days); rename the folder to its true date", e.getMessage());
        assertFalse(Files.exists(warehouse()), "a refused first run leaves no empty warehouse");
        // Tomorrow (UTC) is within the tolerance; the day after is not.
        pq("2018-09-03", false).write(tmp.resolve("near"), "2018-09-07");
        Extracts.ingest(tmp.resolve("near"), tmp.resolve("wh-near"), settings(""));
        pq("2018-09-03", false).write(tmp.resolve("far"), "2018-09-08");
        assertThrows(BadInputException.class, () -> Extracts.ingest(tmp.resolve("far"), tmp.resolve("wh-far"), settings("")));
    }

    @Test
    void aFolderDatedBeforeTheRegistrysFirstDeliveryIsRefused() {
        pq("2018-09-03", false).write(root(), "2008-09-04");
        BadInputException e = assertThrows(BadInputException.class,
                () -> Extracts.ingest(root(), warehouse(), settings("rwe.registry.first-extract = \"2015-01-01\"")));
        assertTrue(e.getMessage().startsWith(root().resolve("2008-09-04") + ": extract dated 2008-09-04, before the "
                + "registry's first delivery (2015-01-01, rwe.registry.first-extract)"), e.getMessage());
    }

    /**
     * The fault as it was met: a folder 2081-09-04 (for 2018-09-04) was ingested, and overrode the consent
     * withdrawal of a later delivery. Once the check exists, every run is refused until the extract is
     * withdrawn; the withdrawal rebuilds the curated tables without it, keeps its accounting aside, and
     * later runs ignore its folder.
     */
    @Test
    void aFutureExtractIngestedBeforeTheCheckIsWithdrawnAndTheConsentWithdrawalThenWins() throws Exception {
        Clock in2081 = Clock.fixed(Instant.parse("2081-09-05T00:00:00Z"), ZoneOffset.UTC);
        pq("2018-09-03", false).write(root(), "2018-09-03");
        pq("2018-09-03", false).write(root(), "2081-09-04");
        pq("2018-09-05", true).write(root(), "2018-09-05");
        Extracts.ingest(root(), warehouse(), settings("", in2081)); // as the unchecked version did
        assertEquals(List.of("P", "Q"), curatedPatients(), "the 2081 extract overrides P's withdrawal");

        BadInputException refused = assertThrows(BadInputException.class,
                () -> Extracts.ingest(root(), warehouse(), settings("")));
        assertTrue(refused.getMessage().endsWith("it was ingested before this check: withdraw it (jobs/ingest "
                + "--warehouse DIR --withdraw-extract 2081-09-04) and deliver it under its true date"), refused.getMessage());

        ByteArrayOutputStream log = new ByteArrayOutputStream();
        IngestResult w = ExtractWithdrawal.run(TestSpark.session(), settings(""), warehouse(), LocalDate.parse("2081-09-04"),
                "typo for 2018-09-04", new PrintStream(log, true, StandardCharsets.UTF_8));
        assertEquals(List.of("Q"), curatedPatients(), "P's consent withdrawal is in force again");
        assertTrue(w.published());
        assertEquals(List.of("2018-09-03", "2018-09-05"), w.accounting().extracts().stream()
                .map(a -> a.extractDate().toString()).toList(), "the accounting lists the extracts in force");
        assertFalse(w.inputs().keySet().stream().anyMatch(k -> k.startsWith("2081")));
        var record = Json.read(warehouse().resolve("accounting/withdrawn/2081-09-04.json"));
        assertEquals("typo for 2018-09-04", record.path("reason").asText());
        assertEquals(2, record.path("files").path("patients.csv").path("rows_accepted").asLong());
        assertFalse(Files.exists(warehouse().resolve("extracts/2081-09-04")));
        assertFalse(Files.exists(warehouse().resolve("accounting/2081-09-04.json")));
        assertEquals(Json.read(warehouse().resolve("ingest.json")).path("inputs").size(), 12);

        // The folder is still there: the next night ignores it (no refusal), and the result stays.
        Extracts.Run next = Extracts.ingest(root(), warehouse(), settings(""));
        assertEquals(List.of(LocalDate.parse("2081-09-04")), next.result().withdrawn());
        assertTrue(next.log().contains("extract 2081-09-04 was withdrawn"), next.log());
        assertFalse(next.result().published());
        assertEquals(List.of("Q"), curatedPatients());

        UsageException again = assertThrows(UsageException.class, () -> ExtractWithdrawal.run(TestSpark.session(),
                settings(""), warehouse(), LocalDate.parse("2081-09-04"), "again", System.err));
        assertTrue(again.getMessage().endsWith("(it was withdrawn already)"), again.getMessage());
    }

    /**
     * A consent withdrawal wins over every older-dated record, whatever the order the folders arrive in:
     * 2018-09-10 (P withdrawn) is ingested before the late 2018-09-05 (P not withdrawn, Q corrected).
     */
    @Test
    void aWithdrawalWinsOverAnOlderDeliveryThatArrivesLater() {
        pq("2018-09-01", false).write(root(), "2018-09-01");
        pq("2018-09-10", true).write(root(), "2018-09-10");
        Clock sept11 = Clock.fixed(Instant.parse("2018-09-11T00:00:00Z"), ZoneOffset.UTC);
        Extracts.ingest(root(), warehouse(), settings("", sept11));
        assertEquals(List.of("Q"), curatedPatients());
        Extracts.folder().rows(ExtractTable.PATIENTS,
                "P,C1,1950-01-01,M,C,A,,,,2018-09-05,,N",
                "Q,C7,1960-01-01,F,B,A,,,,2018-09-05,,N").write(root(), "2018-09-05");
        Extracts.Run late = Extracts.ingest(root(), warehouse(), settings("", sept11));
        assertEquals(List.of(LocalDate.parse("2018-09-05")), late.result().ingested());
        assertEquals(List.of("Q"), curatedPatients(), "P stays withdrawn");
        // Q's latest record is 2018-09-10's (C1), not the late 2018-09-05 correction.
        assertEquals("C1", Curated.table(TestSpark.session(), warehouse(), ExtractTable.PATIENTS).collectAsList().get(0)
                .getAs("center_id"));
    }

    // ---- The delivery manifest ----

    static String sha256(Path f) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(f)));
    }

    /** The manifest of a folder as its files are, with {@code rows} data records per file. */
    static void writeManifest(Path folder, Map<String, Long> rows) throws Exception {
        StringBuilder b = new StringBuilder("file,rows,sha256\n");
        for (ExtractTable t : ExtractTable.values()) {
            b.append(t.fileName()).append(',').append(rows.getOrDefault(t.fileName(), 0L)).append(',')
                    .append(sha256(folder.resolve(t.fileName()))).append('\n');
        }
        Files.writeString(folder.resolve(DeliveryManifest.FILE_NAME), b.toString());
    }

    @Test
    void aMatchingManifestIsAcceptedAndAMismatchRefused() throws Exception {
        Path ok = pq("2018-09-03", false).write(root(), "2018-09-03");
        writeManifest(ok, Map.of("patients.csv", 2L));
        Extracts.ingest(root(), warehouse(), settings(""));
        assertEquals(List.of("P", "Q"), curatedPatients());

        // A file that is not what the manifest says (cut short: Q's line missing).
        Path cut = pq("2018-09-04", false).write(root(), "2018-09-04");
        writeManifest(cut, Map.of("patients.csv", 2L));
        Files.writeString(cut.resolve("patients.csv"), Extracts.PATIENTS + "\nP,C1,1950-01-01,M,C,A,,,,2018-09-04,,N\n");
        BadInputException e = assertThrows(BadInputException.class, () -> Extracts.ingest(root(), warehouse(), settings("")));
        assertTrue(e.getMessage().startsWith(cut.resolve("patients.csv") + ": sha256 "), e.getMessage());
        assertTrue(e.getMessage().contains(" in " + cut.resolve("_manifest.csv") + " (line 2): the file is incomplete or "
                + "damaged"), e.getMessage());
        assertFalse(Files.exists(warehouse().resolve("accounting/2018-09-04.json")));

        // Right checksums, wrong row count (a sender's mistake): refused before the extract is committed.
        writeManifest(cut, Map.of("patients.csv", 2L));
        e = assertThrows(BadInputException.class, () -> Extracts.ingest(root(), warehouse(), settings("")));
        assertEquals(cut.resolve("patients.csv") + ": 1 data records read, " + cut.resolve("_manifest.csv")
                + " (line 2) says 2; nothing of the extract was ingested", e.getMessage());
        assertFalse(Files.exists(warehouse().resolve("accounting/2018-09-04.json")));
        assertFalse(Files.exists(warehouse().resolve("extracts/2018-09-04")));

        // A manifest that lists a file twice or misses one is refused as such.
        Files.writeString(cut.resolve("_manifest.csv"), "file,rows,sha256\npatients.csv,1," + sha256(cut.resolve("patients.csv")) + "\n");
        e = assertThrows(BadInputException.class, () -> Extracts.ingest(root(), warehouse(), settings("")));
        assertEquals(cut.resolve("_manifest.csv") + ": does not list lesions.csv (a manifest lists every file of the "
                + "extract)", e.getMessage());
    }

    @Test
    void aFolderWithoutItsRequiredManifestWaitsAndIsReadWhenItArrives() throws Exception {
        pq("2018-09-03", false).write(root(), "2018-09-03");
        Path late = pq("2018-09-04", true).write(root(), "2018-09-04");
        writeManifest(root().resolve("2018-09-03"), Map.of("patients.csv", 2L));
        IngestSettings required = settings("rwe.ingest.delivery-manifest = required");
        Extracts.Run first = Extracts.ingest(root(), warehouse(), required);
        assertEquals(List.of(LocalDate.parse("2018-09-03")), first.result().ingested());
        assertEquals(Map.of(LocalDate.parse("2018-09-04"), "no _manifest.csv yet (rwe.ingest.delivery-manifest = required)"),
                first.result().waiting());
        assertTrue(first.log().contains(late + ": waiting: no _manifest.csv yet"), first.log());
        assertEquals(List.of("P", "Q"), curatedPatients());
        writeManifest(late, Map.of("patients.csv", 2L));
        Extracts.Run second = Extracts.ingest(root(), warehouse(), required);
        assertEquals(List.of(LocalDate.parse("2018-09-04")), second.result().ingested());
        assertEquals(List.of("Q"), curatedPatients());
    }

    // ---- A delivery cut short, then completed ----

    /**
     * patients.csv arrives cut short at a line boundary (Q missing) and is ingested; the complete file
     * arrives the next night: the extract is read again as a re-delivery, no one needs to intervene, and
     * the replaced delivery's accounting is kept.
     */
    @Test
    void aDeliveryCutShortThenCompletedIsReadAgain() throws Exception {
        Path folder = Extracts.folder().rows(ExtractTable.PATIENTS, "P,C1,1950-01-01,M,C,A,,,,2018-09-03,,N")
                .write(root(), "2018-09-03");
        Extracts.ingest(root(), warehouse(), settings(""));
        assertEquals(List.of("P"), curatedPatients());
        pq("2018-09-03", false).write(root(), "2018-09-03");
        Extracts.Run again = Extracts.ingest(root(), warehouse(), settings(""));
        assertEquals(List.of(LocalDate.parse("2018-09-03")), again.result().ingested());
        assertTrue(again.log().contains("ingest: extract 2018-09-03 re-delivered (patients.csv changed since it was "
                + "ingested)"), again.log());
        assertEquals(List.of("P", "Q"), curatedPatients());
        assertEquals(2, again.result().accounting().extracts().get(0).file("patients.csv").rowsRead());
        assertEquals(sha256(folder.resolve("patients.csv")),
                again.result().accounting().extracts().get(0).file("patients.csv").sha256());
        try (Stream<Path> s = Files.list(warehouse().resolve("accounting/replaced"))) {
            List<Path> replaced = s.toList();
            assertEquals(1, replaced.size());
            assertTrue(replaced.get(0).getFileName().toString().startsWith("2018-09-03-"));
            assertEquals(1, Json.read(replaced.get(0)).path("files").path("patients.csv").path("rows_read").asLong());
        }
        // And nothing changes on the night after.
        Extracts.Run third = Extracts.ingest(root(), warehouse(), settings(""));
        assertEquals(List.of(LocalDate.parse("2018-09-03")), third.result().skipped());
        assertFalse(third.result().published());
    }

    // ---- A file that changes while it is read ----

    /**
     * Runs an ingest during which, once its first Spark job (the survey that hashes every file) has
     * started, {@code change} alters patients.csv.
     */
    Throwable ingestWhileChanging(Runnable change) {
        AtomicBoolean done = new AtomicBoolean();
        SparkListener listener = new SparkListener() {
            @Override
            public void onJobStart(SparkListenerJobStart start) {
                String what = start.properties() == null ? null : start.properties().getProperty("spark.job.description");
                if (what != null && what.startsWith("ingest: hash and survey") && done.compareAndSet(false, true)) {
                    change.run();
                }
            }
        };
        TestSpark.session().sparkContext().addSparkListener(listener);
        try {
            return assertThrows(Throwable.class, () -> Extracts.ingest(root(), warehouse(), settings("")));
        } finally {
            TestSpark.session().sparkContext().removeSparkListener(listener);
        }
    }

    @Test
    void aFileAppendedToWhileItIsReadFailsRetryablyAndTheNextRunReadsItWhole() throws Exception {
        pq("2018-09-03", false).write(root(), "2018-09-03");
        Extracts.ingest(root(), warehouse(), settings(""));
        assertFalse(Files.exists(warehouse().resolve("_staging")), "a run that ended left its staging area");
        String before = Files.readString(warehouse().resolve("curated/CURRENT"));
        Path folder = pq("2018-09-04", false).write(root(), "2018-09-04");
        Path patients = folder.resolve("patients.csv");
        Throwable t = ingestWhileChanging(() -> append(patients, "R,C1,1970-01-01,M,C,A,,,,2018-09-04,,N\n"));
        assertTrue(t instanceof RetryableException, String.valueOf(t));
        assertTrue(t.getMessage().startsWith(patients + ": changed while it was being ingested (size "), t.getMessage());
        assertTrue(t.getMessage().endsWith("nothing of extract 2018-09-04 was ingested, and the next run reads the file as "
                + "it is then"), t.getMessage());
        assertFalse(Files.exists(warehouse().resolve("accounting/2018-09-04.json")), "not marked as ingested");
        assertFalse(Files.exists(warehouse().resolve("extracts/2018-09-04")));
        assertFalse(Files.exists(warehouse().resolve("_staging")));
        assertEquals(before, Files.readString(warehouse().resolve("curated/CURRENT")), "nothing published");
        Extracts.Run next = Extracts.ingest(root(), warehouse(), settings(""));
        assertEquals(3, next.result().accounting().extracts().get(1).file("patients.csv").rowsRead());
        assertEquals(sha256(patients), next.result().accounting().extracts().get(1).file("patients.csv").sha256());
        assertEquals(List.of("P", "Q", "R"), curatedPatients());
    }

    @Test
    void aFileReplacedByRenameWhileItIsReadFailsRetryably() throws Exception {
        Path folder = pq("2018-09-03", false).write(root(), "2018-09-03");
        Path patients = folder.resolve("patients.csv");
        // The same number of bytes, another content (Q's centre), delivered by rename over the file.
        Path other = tmp.resolve("patients.csv.new");
        Files.writeString(other, Files.readString(patients).replace("Q,C1", "Q,C2"));
        Throwable t = ingestWhileChanging(() -> {
            try {
                Files.move(other, patients, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        assertTrue(t instanceof RetryableException, String.valueOf(t));
        assertTrue(t.getMessage().startsWith(patients + ": changed while it was being ingested (replaced by another "
                + "file)"), t.getMessage());
        assertFalse(Files.exists(warehouse().resolve("curated")), "nothing published");
        Extracts.ingest(root(), warehouse(), settings(""));
        assertEquals("C2", Curated.table(TestSpark.session(), warehouse(), ExtractTable.PATIENTS)
                .filter("patient_id = 'Q'").collectAsList().get(0).getAs("center_id"));
    }

    private static void append(Path f, String text) {
        try {
            Files.writeString(f, text, java.nio.file.StandardOpenOption.APPEND);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    // ---- One run at a time ----

    @Test
    void aSecondRunOnABusyWarehouseGivesUpRetryably() throws Exception {
        pq("2018-09-03", false).write(root(), "2018-09-03");
        CountDownLatch held = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ExecutorService other = Executors.newSingleThreadExecutor();
        try {
            Future<?> holder = other.submit(() -> {
                try (FolderLock l = FolderLock.acquire(warehouse(), FolderLock.WAREHOUSE, "jobs/derive", Duration.ZERO,
                        s -> { })) {
                    held.countDown();
                    release.await(60, TimeUnit.SECONDS);
                }
                return null;
            });
            assertTrue(held.await(30, TimeUnit.SECONDS));
            RetryableException e = assertThrows(RetryableException.class,
                    () -> Extracts.ingest(root(), warehouse(), settings("")));
            assertTrue(e.getMessage().startsWith(warehouse().toRealPath() + " is in use by jobs/derive (pid "), e.getMessage());
            release.countDown();
            holder.get();
        } finally {
            other.shutdownNow();
        }
        Extracts.ingest(root(), warehouse(), settings(""));
        assertEquals(List.of("P", "Q"), curatedPatients());
    }
}
