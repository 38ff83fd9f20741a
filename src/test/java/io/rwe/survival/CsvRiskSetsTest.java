package io.rwe.survival;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rwe.TestSpark;
import io.rwe.riskset.RiskSetBuilder;
import io.rwe.stats.RiskRow;
import io.rwe.stats.RiskSet;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Random;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The line reader of CSV input ({@link CsvRiskSets}) against Spark's own CSV reader with the column rules
 * of {@link SurvivalTable} ({@link SurvivalTable#aggregateRows()}, the generic path): on every kind of
 * line the two must give the same risk sets, the same dropped and rejected counts and the same first
 * problem, whatever the byte ranges the file is cut into.
 */
class CsvRiskSetsTest {

    @TempDir
    Path tmp;

    private final SparkSession spark = TestSpark.session();

    private Path csv(String name, String text) throws Exception {
        Path f = tmp.resolve(name);
        Files.writeString(f, text, StandardCharsets.UTF_8);
        return f;
    }

    private static SurvivalOptions options(Path input, String time, String event, String eventValue, String group,
            String strata) {
        return new SurvivalOptions(input.toString(), time, event, Optional.ofNullable(eventValue),
                Optional.ofNullable(group), Optional.ofNullable(strata), "log", 0.0, List.of(), OptionalDouble.empty(),
                Optional.empty(), Optional.empty());
    }

    /** Both paths, the line reader also with small byte ranges; returns the line reader's result. */
    private RiskSetBuilder.Aggregate same(SurvivalOptions o, long... splits) {
        SurvivalTable table = SurvivalTable.open(spark, o);
        RiskSetBuilder.Aggregate reference = table.aggregateRows();
        RiskSetBuilder.Aggregate lines = table.aggregate();
        assertEquals(reference, lines, "line reader, default byte ranges");
        for (long split : splits.length > 0 ? splits : new long[] {11}) {
            assertEquals(reference, CsvRiskSets.aggregate(spark, table, split), "byte ranges of " + split);
        }
        return lines;
    }

    @Test
    void plainLinesAreCountedPerGroupAndTime() throws Exception {
        Path f = csv("plain.csv", "t,d,g\n1,1,a\n1,0,a\n2,1,a\n2,1,b\n2,0,b\n");
        RiskSetBuilder.Aggregate a = same(options(f, "t", "d", null, "g", null));
        // By hand: a has times 1 (1 event, 1 censored; 3 at risk) and 2 (1 event; 1 at risk);
        // b has time 2 (1 event, 1 censored; 2 at risk).
        assertEquals(List.of(
                new RiskSet("a", null, List.of(new RiskRow(1, 3, 1, 1), new RiskRow(2, 1, 1, 0))),
                new RiskSet("b", null, List.of(new RiskRow(2, 2, 1, 1)))), a.riskSets());
        assertEquals(0, a.dropped());
        assertEquals(0, a.rejected());
    }

    @Test
    void everyKindOfLineAsSparkReadsIt() throws Exception {
        String text = String.join("\n",
                "id,t,d,g,s",
                "1,5,1,a,x",
                "2,5,0,a,x",
                "3,5.5,1,b,x",
                "4,5.50,0,b,y",
                "5,007,1,a,y",
                "6, 6,1,a,x",
                "7,8 ,0,b,x",
                "8,9,true,a,x",
                "9,9,TRUE,b,x",
                "10,9,1.0,a,y",
                "11,9,0.0,b,y",
                "12,,1,a,x",
                "13,NA,1,a,x",
                "14,3,NA,a,x",
                "15,3,1,,x",
                "16,3,1,NA,x",
                "17,3,1,a,",
                "18,3,1, NA,x",
                "19,3,1,\"a\",x",
                "\"20\",4,0,\"b,c\",x",
                "21,4,1,a b,x",
                "22,4,1, a,x",
                "",
                "   ",
                "23,10,1,\u00e9t\u00e9,x",
                "24,11,0,a",
                "25,12,1,a,x,extra",
                "26,1e1,1,a,x",
                "27,+3,0,a,x",
                "28,12345678901234567,1,a,x",
                "29,0,1,a,x",
                "30,13,1,b,y\r",
                "31,14,0,b,y") + "\n";
        Path f = csv("kinds.csv", text);
        RiskSetBuilder.Aggregate a = same(options(f, "t", "d", null, "g", "s"));
        assertTrue(a.dropped() > 0, "missing values are dropped");
        same(options(f, "t", "d", null, "g", null));
        same(options(f, "t", "d", null, null, null));
    }

    @Test
    void badValuesAreRejectedAsSparkReadsThem() throws Exception {
        Path f = csv("bad.csv", "id,t,d\n1,5,1\n2,abc,1\n3,-2,0\n4,4,2\n5,4,yes\n6,\"7 days\",0\n7,Infinity,1\n8,NaN,0\n");
        RiskSetBuilder.Aggregate a = same(options(f, "t", "d", null, null, null));
        assertEquals(7, a.rejected());
        assertEquals(1, a.counted());
    }

    @Test
    void eventValuesAsSparkReadsThem() throws Exception {
        Path f = csv("values.csv", "t,st\n1,dead\n2, dead\n3,alive\n4,x\n5,2\n6,2.0\n7,02\n8,1\n9,NA\n10,\n11,Dead\n"
                + "12,2e0\n13,inf\n14,\"dead\"\n15,2.5\n");
        RiskSetBuilder.Aggregate text = same(options(f, "t", "st", "dead", null, null));
        // By hand: "dead", " dead" and "\"dead\"" are the event (t = 1, 2, 14); NA and empty are dropped.
        assertEquals(3, text.riskSets().get(0).events());
        assertEquals(2, text.dropped());
        RiskSetBuilder.Aggregate num = same(options(f, "t", "st", "2", null, null));
        // By hand: 2, 2.0, 02 and 2e0 equal 2 (t = 5, 6, 7, 12).
        assertEquals(4, num.riskSets().get(0).events());
        same(options(f, "t", "st", " dead ", null, null));
    }

    @Test
    void folderOfFilesEachWithItsHeader() throws Exception {
        Path dir = tmp.resolve("parts");
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("a.csv"), "t,d,g\n1,1,a\n2,0,b\n3,x,a\n");
        Files.writeString(dir.resolve("b.csv"), "t,d,g\r\n3,1,a\r\n4,1,b\r\n\r\n5,1,\r\n");
        RiskSetBuilder.Aggregate a = same(options(dir, "t", "d", null, "g", null));
        assertEquals(1, a.rejected());
        assertEquals(1, a.dropped());
        assertEquals(4, a.counted());
    }

    @Test
    void quotedAsRWritesIt() throws Exception {
        // write.csv(data.frame(id = 1:6, grp = c("a", "b", "a", NA, "a,b", "b"), time = c(5, 3, 5, 2, 7, 1),
        //     status = c(2, 1, 2, 2, 1, 1)), row.names = TRUE): text quoted, numbers and NA bare.
        Path f = csv("r.csv", String.join("\n", "\"\",\"id\",\"grp\",\"time\",\"status\"",
                "\"1\",1,\"a\",5,2", "\"2\",2,\"b\",3,1", "\"3\",3,\"a\",5,2", "\"4\",4,NA,2,2",
                "\"5\",5,\"a,b\",7,1", "\"6\",6,\"b\",1,1", "\"7\",7,\"b\",\"4\",\"2\"", "\"8\",8,\"\",4,2",
                "\"9\",9,\"a\"\"\",4,2", "\"10\",10,\"b\" ,4,2", "\"11\",11,\"NA\",4,2") + "\n");
        RiskSetBuilder.Aggregate a = same(options(f, "time", "status", "2", "grp", null), 11, 40, 1000);
        // By hand: a has time 5 (2 events); a,b has time 7 (censored); b has times 1 (censored), 3 (censored)
        // and 4 (events: quoted "4" and "2", and "b"␣ which Spark reads as b); NA, "" and "NA" are
        // dropped; "a""" is the group a"" as Spark reads it (its CSV escape character is a backslash).
        assertEquals(List.of(new RiskRow(5, 2, 2, 0)), a.riskSets().get(0).rows());
        assertEquals(3, a.dropped());
    }

    @Test
    void compressedFileAndByteOrderMark() throws Exception {
        String text = "\uFEFFt,d,g\n1,1,a\n2,0,b\n2,1,b\n3,1,a\n4,x,a\n";
        Path gz = tmp.resolve("data.csv.gz");
        try (java.io.OutputStream out = new java.util.zip.GZIPOutputStream(Files.newOutputStream(gz))) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        }
        RiskSetBuilder.Aggregate a = same(options(gz, "t", "d", null, "g", null));
        assertEquals(4, a.counted());
        assertEquals(1, a.rejected());
        RiskSetBuilder.Aggregate b = same(options(csv("bom.csv", text), "t", "d", null, "g", null));
        assertEquals(a.riskSets(), b.riskSets());
        assertEquals(1, b.rejected());
    }

    @Test
    void randomFilesCutAnywhere() throws Exception {
        Random rnd = new Random(20261127);
        for (int round = 0; round < 3; round++) {
            StringBuilder sb = new StringBuilder("id,group,time,event,site\n");
            String[] groups = {"A", "B", "C", "NA", "", " B", "\"A\"", "\"B\"", "\"\"", "\"A,B\"", "\"A\"\"\""};
            String[] sites = {"s1", "s2", "s3"};
            for (int i = 0; i < 3000; i++) {
                String g = groups[rnd.nextInt(10) < 8 ? rnd.nextInt(3) : rnd.nextInt(groups.length)];
                int r = rnd.nextInt(100);
                String t = r < 2 ? "NA" : r < 4 ? "" : r < 6 ? (rnd.nextInt(50) + ".25") : Integer.toString(rnd.nextInt(400));
                String e = rnd.nextInt(100) < 3 ? "NA" : Integer.toString(rnd.nextInt(2));
                sb.append(i).append(',').append(g).append(',').append(t).append(',').append(e).append(',')
                        .append(sites[rnd.nextInt(3)]).append('\n');
            }
            Path f = csv("random" + round + ".csv", sb.toString());
            // About 20 byte ranges, cut at arbitrary places.
            long split = Files.size(f) / 20 + rnd.nextInt(100);
            RiskSetBuilder.Aggregate a = same(options(f, "time", "event", null, "group", round == 2 ? "site" : null),
                    split);
            assertTrue(a.counted() > 2000 && a.dropped() > 100, "most rows counted, some dropped");
            same(options(f, "time", "event", null, null, null), split);
        }
    }

    @Test
    void nestedFolderGoesThroughSparksReader() throws Exception {
        // A folder with a sub-folder is left to Spark's reader (which reads sub-folders as partitions).
        Path dir = tmp.resolve("nested");
        Files.createDirectories(dir.resolve("part=1"));
        Files.writeString(dir.resolve("a.csv"), "t,d\n1,1\n");
        Files.writeString(dir.resolve("part=1").resolve("b.csv"), "t,d\n2,1\n");
        SurvivalTable t = SurvivalTable.open(spark, options(dir, "t", "d", null, null, null));
        List<RiskSet> sets = new ArrayList<>(t.aggregate().riskSets());
        assertEquals(t.aggregateRows().riskSets(), sets);
    }
}
