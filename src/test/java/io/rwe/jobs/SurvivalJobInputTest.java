package io.rwe.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.rwe.TestSpark;
import io.rwe.core.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How {@code jobs/survival} reads its input (docs/survival-cli.md): event semantics, dropped rows, CSV
 * and Parquet files and folders, standard output and the atomic {@code --out}. Expected counts are
 * derived by hand beside each fixture.
 */
class SurvivalJobInputTest {

    @TempDir
    Path tmp;

    private Path csv(String name, String... lines) throws Exception {
        Path f = tmp.resolve(name);
        Files.write(f, List.of(lines));
        return f;
    }

    private static JsonNode ok(String... args) {
        List<String> argv = new ArrayList<>(List.of("survival"));
        argv.addAll(List.of(args));
        JobRun r = JobRun.of(argv.toArray(String[]::new));
        assertEquals(0, r.exitCode(), r.stderr());
        return Json.read(r.stdout());
    }

    private static List<Double> column(JsonNode table, String field) {
        List<Double> out = new ArrayList<>();
        table.forEach(row -> out.add(row.get(field).asDouble()));
        return out;
    }

    @Test
    void eventCodesAndDroppedRows() throws Exception {
        Path f = csv("codes.csv",
                "id,t,d,arm",
                "1,1,1,a",       // event
                "2,2,true,a",    // event
                "3,3,TRUE,b",    // event (case-insensitive)
                "4,4,1.0,b",     // event (numerically 1)
                "5,5,0,a",       // censored
                "6,6,false,b",   // censored
                "7,7,0.0,a",     // censored (numerically 0)
                "8,,1,a",        // dropped: time missing
                "9,9,NA,b",      // dropped: event NA
                "10,10,1,",      // dropped: group missing
                "11,NA,0,a");    // dropped: time NA
        JsonNode j = ok("--input", f.toString(), "--time", "t", "--event", "d", "--group", "arm");
        // Used: ids 1-7 -> n 7, events 4 (1-4); dropped 8-11 -> 4.
        assertEquals(7, j.get("n").asLong());
        assertEquals(4, j.get("events").asLong());
        assertEquals(4, j.get("dropped").asLong());
        // a: ids 1, 2, 5, 7 (events at 1 and 2); b: ids 3, 4, 6 (events at 3 and 4).
        assertEquals(4, j.at("/groups/a/n").asLong());
        assertEquals(2, j.at("/groups/a/events").asLong());
        assertEquals(List.of(1.0, 2.0, 5.0, 7.0), column(j.at("/groups/a/table"), "time"));
        assertEquals(List.of(1.0, 1.0, 0.0, 0.0), column(j.at("/groups/a/table"), "n_event"));
        assertEquals(List.of(0.0, 0.0, 1.0, 1.0), column(j.at("/groups/a/table"), "n_censor"));
        assertEquals(3, j.at("/groups/b/n").asLong());
        assertEquals(List.of(3.0, 4.0, 6.0), column(j.at("/groups/b/table"), "time"));
        // Kaplan-Meier of b by hand: S(3) = 2/3, S(4) = 2/3 * 1/2 = 1/3, S(6) = 1/3.
        assertEquals(List.of(2.0 / 3, 1.0 / 3, 1.0 / 3), column(j.at("/groups/b/table"), "surv"));
    }

    @Test
    void eventValueMatchesAsTextOrAsNumber() throws Exception {
        Path f = csv("values.csv", "t,st", "1,dead", "2, dead", "3,alive", "4,x", "5,2", "6,2.0", "7,02", "8,1");
        // --event-value dead: events are the rows whose trimmed text is "dead" (t = 1, 2); all others censored.
        JsonNode text = ok("--input", f.toString(), "--time", "t", "--event", "st", "--event-value", "dead");
        assertEquals(8, text.get("n").asLong());
        assertEquals(2, text.get("events").asLong());
        assertEquals(List.of(1.0, 1.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0), column(text.at("/groups/all/table"), "n_event"));
        // --event-value 2: "2", "2.0" and "02" equal 2 as numbers (t = 5, 6, 7).
        JsonNode num = ok("--input", f.toString(), "--time", "t", "--event", "st", "--event-value", "2");
        assertEquals(List.of(0.0, 0.0, 0.0, 0.0, 1.0, 1.0, 1.0, 0.0), column(num.at("/groups/all/table"), "n_event"));
    }

    @Test
    void timesTiedAcrossEventsAndCensorings() throws Exception {
        // At t = 2: two events and one censoring among 4 at risk -> S = 1 * (1 - 2/4) = 0.5, as survfit.
        Path f = csv("ties.csv", "t,d", "1,0", "2,1", "2,1", "2,0", "3,1");
        JsonNode j = ok("--input", f.toString(), "--time", "t", "--event", "d");
        JsonNode row = j.at("/groups/all/table/1");
        assertEquals(2.0, row.get("time").asDouble());
        assertEquals(4, row.get("n_risk").asLong());
        assertEquals(2, row.get("n_event").asLong());
        assertEquals(1, row.get("n_censor").asLong());
        assertEquals(0.5, row.get("surv").asDouble());
    }

    @Test
    void parquetFileAndFolderReadLikeTheSameCsv() throws Exception {
        SparkSession spark = TestSpark.session();
        StructType schema = DataTypes.createStructType(List.of(
                DataTypes.createStructField("days", DataTypes.IntegerType, true),
                DataTypes.createStructField("dead", DataTypes.BooleanType, true),
                DataTypes.createStructField("arm", DataTypes.StringType, true)));
        List<Row> rows = List.of(RowFactory.create(5, true, "x"), RowFactory.create(8, false, "x"),
                RowFactory.create(3, true, "y"), RowFactory.create(9, true, "y"), RowFactory.create(null, true, "y"),
                RowFactory.create(4, null, "x"), RowFactory.create(6, true, null));
        Path folder = tmp.resolve("cohort");
        spark.createDataFrame(rows, schema).coalesce(2).write().mode(SaveMode.Overwrite).parquet(folder.toString());
        Path same = csv("same.csv", "days,dead,arm", "5,true,x", "8,false,x", "3,true,y", "9,true,y", ",true,y",
                "4,,x", "6,true,");
        JsonNode fromCsv = ok("--input", same.toString(), "--time", "days", "--event", "dead", "--group", "arm");
        JsonNode fromFolder = ok("--input", folder.toString(), "--time", "days", "--event", "dead", "--group", "arm");
        // 4 usable rows, 3 events; dropped: time null, event null, group null.
        assertEquals(4, fromFolder.get("n").asLong());
        assertEquals(3, fromFolder.get("events").asLong());
        assertEquals(3, fromFolder.get("dropped").asLong());
        assertEquals(fromCsv, fromFolder);
        Path onePart;
        try (Stream<Path> s = Files.list(folder)) {
            onePart = s.filter(p -> p.toString().endsWith(".parquet")).findFirst().orElseThrow();
        }
        Path file = tmp.resolve("one.parquet");
        Files.copy(onePart, file);
        JsonNode fromFile = ok("--input", file.toString(), "--time", "days", "--event", "dead", "--group", "arm");
        assertTrue(fromFile.get("n").asLong() + fromFile.get("dropped").asLong() < 7, "one part file of two");
    }

    @Test
    void csvFolderReadsEveryFile() throws Exception {
        Path folder = tmp.resolve("parts");
        Files.createDirectories(folder);
        Files.write(folder.resolve("a.csv"), List.of("t,d", "1,1", "2,0"));
        Files.write(folder.resolve("b.csv"), List.of("t,d", "3,1"));
        JsonNode j = ok("--input", folder.toString(), "--time", "t", "--event", "d");
        assertEquals(3, j.get("n").asLong());
        assertEquals(2, j.get("events").asLong());
    }

    @Test
    void outIsWrittenAtomicallyAndReplacesAnOldFile() throws Exception {
        Path f = csv("small.csv", "t,d", "1,1", "2,0", "3,1");
        Path dir = tmp.resolve("results");
        Files.createDirectories(dir);
        Path out = dir.resolve("s.json");
        Files.writeString(out, "old");
        JobRun r = JobRun.of("survival", "--input", f.toString(), "--time", "t", "--event", "d", "--out",
                out.toString());
        assertEquals(0, r.exitCode(), r.stderr());
        assertEquals(3, Json.read(out).get("n").asLong());
        try (Stream<Path> s = Files.list(dir)) {
            assertEquals(List.of(out), s.toList(), "no temporary file left beside the output");
        }
    }
}
