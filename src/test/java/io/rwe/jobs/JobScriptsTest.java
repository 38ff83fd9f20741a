package io.rwe.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The shell side of the {@code jobs/} scripts, run as a user runs them, without building or starting
 * Spark: the launcher and the cluster scripts run in a copy of the checkout's scripts with a stand-in
 * {@code pom.xml}, jars, {@code spark-submit} and {@code java}, so each test takes about a second.
 */
class JobScriptsTest {

    private static final Path ROOT = Path.of(System.getProperty("project.basedir", ".")).toAbsolutePath().normalize();

    record Run(int exitCode, String stdout, String stderr) {
    }

    private static Run run(Path dir, Map<String, String> env, List<String> cmd) throws IOException, InterruptedException {
        Path out = Files.createTempFile("script-out", ".txt");
        Path err = Files.createTempFile("script-err", ".txt");
        try {
            ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile())
                    .redirectOutput(out.toFile()).redirectError(err.toFile());
            pb.environment().remove("SPARK_HOME");
            pb.environment().putAll(env);
            Process p = pb.start();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                throw new AssertionError("timed out: " + cmd);
            }
            return new Run(p.exitValue(), Files.readString(out), Files.readString(err));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    /**
     * {@code set -u} used to end these with "$2: unbound variable" (exit 1); now one line and exit 2, also
     * when the next word is another option.
     */
    @ParameterizedTest
    @CsvSource({
        "cluster-up, --workers", "cluster-up, --cores", "cluster-up, --memory", "cluster-up, --port",
        "cluster-up, --dir", "cluster-down, --dir", "bench, --sizes", "bench, --cohort-rows", "bench, --out",
        "replicate, --master", "survival, --master"})
    void aMissingOptionValueIsOneLineAndExit2(String script, String option) throws Exception {
        String path = ROOT.resolve("jobs").resolve(script).toString();
        for (List<String> cmd : List.of(List.of(path, option), List.of(path, option, "--help"))) {
            Run r = run(ROOT, Map.of(), cmd);
            assertEquals(2, r.exitCode(), cmd + ": " + r.stderr());
            assertEquals("error: option " + option + " needs a value (see --help)\n", r.stderr(), cmd.toString());
            assertEquals("", r.stdout(), cmd.toString());
        }
    }

    /** --help printed the first lines of the script by number, and with them a `set -euo pipefail`. */
    @ParameterizedTest
    @ValueSource(strings = {"cluster-up", "cluster-down", "bench"})
    void helpIsTheCommentBlockAndNothingElse(String script) throws Exception {
        Run r = run(ROOT, Map.of(), List.of(ROOT.resolve("jobs").resolve(script).toString(), "--help"));
        assertEquals(0, r.exitCode(), r.stderr());
        assertTrue(r.stdout().startsWith("jobs/" + script + ": "), r.stdout());
        assertTrue(r.stdout().contains("jobs/" + script + " ["), "usage line: " + r.stdout());
        for (String line : r.stdout().lines().toList()) {
            assertFalse(line.startsWith("set ") || line.startsWith("#") || line.contains("ROOT="),
                    script + " --help printed a line of code: " + line);
        }
    }

    /** A copy of the scripts in {@code dir/jobs}, with a pom of version 1.2.0 and a classpath file. */
    private static void fakeCheckout(Path dir, String... scripts) throws IOException {
        Files.createDirectories(dir.resolve("jobs"));
        for (String s : scripts) {
            Files.copy(ROOT.resolve("jobs").resolve(s), dir.resolve("jobs").resolve(s), StandardCopyOption.COPY_ATTRIBUTES);
        }
        Files.writeString(dir.resolve("pom.xml"), String.join("\n",
                "<project>",
                "  <modelVersion>4.0.0</modelVersion>",
                "  <parent><groupId>org.example</groupId><artifactId>parent</artifactId><version>9.9.9</version></parent>",
                "  <groupId>io.rwe</groupId>",
                "  <artifactId>rwe-replicate</artifactId>",
                "  <version>1.2.0</version>",
                "  <dependencies><dependency><artifactId>x</artifactId><version>0.0.1</version></dependency></dependencies>",
                "</project>", ""));
        Files.createDirectories(dir.resolve("src/main"));
        Files.createDirectories(dir.resolve("conf"));
        Files.createDirectories(dir.resolve("lib"));
        Files.writeString(dir.resolve("lib/spark-core.jar"), "not a jar");
        Files.createDirectories(dir.resolve("target"));
        Files.writeString(dir.resolve("target/classpath.txt"), dir.resolve("lib/spark-core.jar").toString());
        // Jars of three versions, as target/ holds after a version change; only 1.2.0 is the project's.
        // The old launcher took the first by name (0.9.0). Newer than every source: nothing to rebuild.
        for (String v : List.of("0.9.0", "1.2.0", "10.0.0")) {
            Path jar = dir.resolve("target/rwe-replicate-" + v + "-all.jar");
            Files.writeString(jar, "jar of version " + v);
            Files.setLastModifiedTime(jar, FileTime.from(Instant.now().plusSeconds(3600)));
        }
    }

    private static Path executable(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
        assertTrue(file.toFile().setExecutable(true));
        return file;
    }

    @Test
    void theLauncherHandsSparkSubmitTheJarOfThePomVersionAndEveryFlagWhole(@TempDir Path dir) throws Exception {
        fakeCheckout(dir, "_launch", "_options", "_jvm-flags");
        Path args = dir.resolve("submit-args.txt");
        executable(dir.resolve("spark/bin/spark-submit"), "#!/usr/bin/env bash\nprintf '%s\\n' \"$@\" > '" + args + "'\n");
        String title = "-Drwe.report.title=Lung and \"non-lung\" metastasis, C:\\reports";
        Run r = run(dir, Map.of("SPARK_HOME", dir.resolve("spark").toString()),
                List.of(dir.resolve("jobs/_launch").toString(), "analyze", "--warehouse", "w w", title, "-Dx=plain"));
        assertEquals(0, r.exitCode(), r.stderr());
        List<String> submitted = Files.readAllLines(args);

        int jarAt = submitted.indexOf("analyze") - 1;
        Path jar = Path.of(submitted.get(jarAt));
        assertTrue(jar.getFileName().toString().startsWith("rwe-replicate-1.2.0-all-"), "jar handed over: " + jar);
        assertEquals("jar of version 1.2.0", Files.readString(jar));
        assertEquals(List.of("analyze", "--warehouse", "w w"), submitted.subList(jarAt + 1, submitted.size()));

        String driverOptions = submitted.get(submitted.indexOf("--driver-java-options") + 1);
        List<String> expected = new ArrayList<>(jvmArray(dir, "JIT_FLAGS"));
        expected.add("-Drwe.defaults=" + dir.toRealPath() + "/conf/application.conf");
        expected.add("-Dlog4j2.configurationFile=" + dir.toRealPath() + "/conf/log4j2.properties");
        expected.add(title);
        expected.add("-Dx=plain");
        // How bin/spark-submit's launcher splits the option (client mode: the driver JVM's flags) ...
        assertEquals(expected, launcherSplit(driverOptions), driverOptions);
        // ... and how Spark splits spark.driver.extraJavaOptions for a driver it starts (cluster mode).
        assertEquals(expected, sparkSplit(driverOptions), driverOptions);
    }

    /**
     * A checkout with jobs/_launch and a fake {@code java} that writes its arguments to {@code dir/java-args},
     * an extracts folder {@code dir/extracts} of 5,000 bytes; returns the environment (RWE_SMALL_INPUT 4,096
     * bytes, RWE_TINY_INPUT 2,048 bytes, no class-data sharing).
     */
    private static Map<String, String> fakeEmbeddedLauncher(Path dir) throws IOException {
        fakeCheckout(dir, "_launch", "_options", "_jvm-flags");
        executable(dir.resolve("bin/java"), "#!/usr/bin/env bash\nprintf '%s\\n' \"$@\" > '" + dir.resolve("java-args") + "'\n");
        Path extracts = Files.createDirectories(dir.resolve("extracts"));
        // 125 lines of 40 bytes: rows of the extract format's usual length, so over the limits by rows too
        Files.writeString(extracts.resolve("patients.csv"), ("x".repeat(39) + "\n").repeat(125));
        return new HashMap<>(Map.of("PATH", dir.resolve("bin") + ":" + System.getenv("PATH"),
                "RWE_CDS", "0", "RWE_SMALL_INPUT", "4096", "RWE_TINY_INPUT", "2048"));
    }

    /** The arguments jobs/_launch gave the fake {@code java} of {@link #fakeEmbeddedLauncher} for {@code args}. */
    private static List<String> launched(Path dir, Map<String, String> env, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(dir.resolve("jobs/_launch").toString()));
        cmd.addAll(List.of(args));
        Run r = run(dir, env, cmd);
        assertEquals(0, r.exitCode(), r.stderr());
        return Files.readAllLines(dir.resolve("java-args"));
    }

    /** What a tiny input gets instead of Spark's code generation, adaptive execution and two shuffle partitions. */
    static final List<String> TINY_INPUT = List.of("-Dspark.sql.codegen.wholeStage=false",
            "-Dspark.sql.codegen.factoryMode=NO_CODEGEN", "-Dspark.sql.adaptive.enabled=false",
            "-Dspark.sql.shuffle.partitions=1");

    /**
     * Embedded mode: a small input (an extracts folder under RWE_SMALL_INPUT bytes) gets 2 shuffle
     * partitions, a tiny one (the paper's jobs/replicate; a folder under RWE_TINY_INPUT bytes) 1, placed
     * before the command line's -D flags so that one of the user's wins; a larger folder gets none. RWE_JIT changes the JIT only, not the partitions. A tiny
     * input (under RWE_TINY_INPUT bytes) is also evaluated interpreted (no whole-stage or expression code
     * generation), without adaptive execution, with one shuffle partition; a small one that is not tiny
     * keeps code generation.
     */
    @Test
    void theEmbeddedLauncherSizesShufflePartitionsByTheInputUnlessTheUserSetsThem(@TempDir Path dir) throws Exception {
        Map<String, String> env = fakeEmbeddedLauncher(dir);
        Path extracts = dir.resolve("extracts");
        String partitions = "-Dspark.sql.shuffle.partitions=2";
        String onePartition = "-Dspark.sql.shuffle.partitions=1";

        List<String> args = launched(dir, env, "replicate", "--out", "o");
        assertTrue(args.contains("-XX:TieredStopAtLevel=1"), "the paper's replicate: " + args);
        assertTrue(args.containsAll(TINY_INPUT), "the paper's replicate (tiny): " + args);
        assertFalse(args.contains(partitions), "a tiny input gets one partition, not two: " + args);

        args = launched(dir, env, "replicate", "--out", "o", "-Dspark.sql.shuffle.partitions=5");
        assertTrue(args.indexOf(onePartition) >= 0
                && args.indexOf(onePartition) < args.indexOf("-Dspark.sql.shuffle.partitions=5"),
                "the user's -D comes later (the JVM keeps the last): " + args);

        args = launched(dir, env, "ingest", "--extracts", extracts.toString(), "--warehouse", "w");
        assertFalse(args.contains(partitions), "5,000 bytes over RWE_SMALL_INPUT=4096: " + args);
        assertFalse(args.contains("-XX:TieredStopAtLevel=1"), args.toString());
        assertFalse(args.stream().anyMatch(a -> a.startsWith("-Dspark.sql.codegen.")),
                "a large input keeps code generation: " + args);

        // Measured through symbolic links: the folder given as a link, or an extract folder linked into it.
        Path linked = Files.createSymbolicLink(dir.resolve("linked"), extracts);
        args = launched(dir, env, "ingest", "--extracts", linked.toString(), "--warehouse", "w");
        assertFalse(args.contains(partitions) || args.contains("-XX:TieredStopAtLevel=1"),
                "a link to 5,000 bytes is over RWE_SMALL_INPUT=4096: " + args);
        Path root = Files.createDirectories(dir.resolve("root"));
        Files.createSymbolicLink(root.resolve("2018-09-03"), extracts);
        args = launched(dir, env, "ingest", "--extracts", root.toString(), "--warehouse", "w");
        assertFalse(args.contains(partitions), "an extract folder of 5,000 bytes linked into the root: " + args);

        env.put("RWE_JIT", "c1");
        args = launched(dir, env, "ingest", "--extracts", extracts.toString(), "--warehouse", "w");
        assertTrue(args.contains("-XX:TieredStopAtLevel=1"), "RWE_JIT=c1: " + args);
        assertFalse(args.contains(partitions), "RWE_JIT=c1 leaves the partitions alone: " + args);
        env.remove("RWE_JIT");

        // Within twice the limit, a CSV folder is measured by its lines (limit / 40): with
        // RWE_SMALL_INPUT=40000 (1,000 lines), 60 rows of 1,000 bytes (as an OMOP delivery's longer rows;
        // 60,000 bytes and the folders' own) are small, but not when a file of the folder is no CSV
        // (measured by bytes alone), nor over twice the limit; hidden files (a generator's truth) are not data.
        env.put("RWE_SMALL_INPUT", "40000");
        Path wide = Files.createDirectories(dir.resolve("wide"));
        Files.writeString(wide.resolve("person.csv"), ("y".repeat(999) + "\n").repeat(60));
        Files.createDirectories(wide.resolve(".truth"));
        Files.writeString(wide.resolve(".truth").resolve("expected.json"), "{}");
        args = launched(dir, env, "ingest", "--extracts", wide.toString(), "--warehouse", "w");
        assertTrue(args.contains(partitions), "60 rows of 1,000 bytes, within 40000 / 40 rows: " + args);
        Files.writeString(wide.resolve("care_site.parquet"), "z");
        args = launched(dir, env, "ingest", "--extracts", wide.toString(), "--warehouse", "w");
        assertFalse(args.contains(partitions), "a folder with a file that is not CSV is not counted by its lines: " + args);
        Files.delete(wide.resolve("care_site.parquet"));
        Files.writeString(wide.resolve("death.csv"), ("y".repeat(999) + "\n").repeat(25));
        args = launched(dir, env, "ingest", "--extracts", wide.toString(), "--warehouse", "w");
        assertFalse(args.contains(partitions), "85,000 bytes, over twice RWE_SMALL_INPUT=40000: " + args);

        env.put("RWE_SMALL_INPUT", "65536");
        args = launched(dir, env, "ingest", "--extracts", extracts.toString(), "--warehouse", "w");
        assertTrue(args.contains(partitions) && !args.contains(onePartition),
                "the folder within RWE_SMALL_INPUT=65536: " + args);
        assertFalse(args.stream().anyMatch(a -> a.startsWith("-Dspark.sql.codegen.") || a.startsWith("-Dspark.sql.adaptive.")),
                "the folder over RWE_TINY_INPUT=2048 keeps code generation and adaptive execution: " + args);
        env.put("RWE_TINY_INPUT", "32768");
        args = launched(dir, env, "ingest", "--extracts", extracts.toString(), "--warehouse", "w");
        assertTrue(args.containsAll(TINY_INPUT), "the folder within RWE_TINY_INPUT=32768: " + args);
        assertFalse(args.contains(partitions), "the folder within RWE_TINY_INPUT=32768: " + args);
    }

    /** {@code parquet_rows DIR} of jobs/_jvm-flags: its standard output, or null when it failed. */
    private static String parquetRows(Path dir) throws Exception {
        Run r = run(dir, Map.of(), List.of("bash", "-c", "source \"$0\" && parquet_rows \"$1\"",
                ROOT.resolve("jobs/_jvm-flags").toString(), dir.toString()));
        return r.exitCode() == 0 ? r.stdout().strip() : null;
    }

    /**
     * Parquet is compressed (the generator's OMOP tables: 5.4 times smaller than as CSV), so a folder with
     * Parquet files is measured by its rows, 40 bytes each, counted from the files' footers (jobs/_jvm-flags,
     * parquet_rows) without a JVM: a file written by DuckDB (2,500 rows in two row groups, nested and logical
     * types, src/test/resources/parquet) and two part files written by Spark (1,200 rows) are 3,700 rows, as
     * the writers said. By bytes (about 40 KB) the folder is within RWE_SMALL_INPUT=100000; by rows (148,000
     * bytes) it is not, and it is within 200000. A file named .parquet that is not Parquet, or whose footer
     * is cut, makes the folder large; hidden files are not counted, a file with two hard links once.
     */
    @Test
    void aParquetFolderIsMeasuredByItsRows(@TempDir Path dir) throws Exception {
        Map<String, String> env = fakeEmbeddedLauncher(dir);
        Path delivery = Files.createDirectories(dir.resolve("omop").resolve("2018-09-03"));
        Files.copy(ROOT.resolve("src/test/resources/parquet/duckdb-2500-rows.parquet"),
                delivery.resolve("measurement.parquet"));
        assertEquals("2500", parquetRows(delivery), "DuckDB's file: num_rows 2500");
        io.rwe.TestSpark.session().range(1200).selectExpr("cast(id as string) as person_id",
                        "date_add(date'2018-01-01', cast(id % 300 as int)) as birth_date", "id % 2 = 0 as flag")
                .repartition(2).write().parquet(delivery.resolve("person.parquet").toString());
        try (var parts = Files.list(delivery.resolve("person.parquet"))) {
            assertEquals(2, parts.filter(p -> p.getFileName().toString().endsWith(".parquet")).count());
        }
        Path omop = dir.resolve("omop");
        assertEquals("3700", parquetRows(omop), "2,500 + 1,200 rows");
        long bytes;
        try (var files = Files.walk(omop)) {
            bytes = files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        }
        assertTrue(bytes < 60_000, "the folder's files are " + bytes + " bytes");
        String partitions = "-Dspark.sql.shuffle.partitions=2";

        env.put("RWE_SMALL_INPUT", "100000");
        List<String> args = launched(dir, env, "ingest", "--format", "omop", "--extracts", omop.toString(),
                "--warehouse", "w");
        assertFalse(args.contains(partitions) || args.contains("-XX:TieredStopAtLevel=1"),
                "3,700 rows are over 100000 / 40, whatever their bytes: " + args);
        env.put("RWE_SMALL_INPUT", "200000");
        args = launched(dir, env, "ingest", "--format", "omop", "--extracts", omop.toString(), "--warehouse", "w");
        assertTrue(args.contains(partitions) && args.contains("-XX:TieredStopAtLevel=1"),
                "3,700 rows are within 200000 / 40: " + args);

        // hidden files are not data; a file with two hard links (as a warehouse's curated version links the
        // staged files) is counted once, as du counts its bytes
        Files.writeString(delivery.resolve(".old.parquet"), "not parquet");
        assertEquals("3700", parquetRows(omop));
        Path linked = Files.createDirectories(dir.resolve("omop").resolve("2018-09-04"));
        Files.createLink(linked.resolve("measurement.parquet"), delivery.resolve("measurement.parquet"));
        assertEquals("3700", parquetRows(omop), "a hard link is the same rows");
        Files.delete(linked.resolve("measurement.parquet"));
        // a file that is not Parquet, or a footer cut short: the folder is large
        Path broken = Files.writeString(delivery.resolve("death.parquet"), "not parquet at all, PAR1");
        assertEquals(null, parquetRows(omop), "a file that is not Parquet");
        args = launched(dir, env, "ingest", "--format", "omop", "--extracts", omop.toString(), "--warehouse", "w");
        assertFalse(args.contains(partitions), "a folder whose rows cannot be counted is large: " + args);
        byte[] whole = Files.readAllBytes(ROOT.resolve("src/test/resources/parquet/duckdb-2500-rows.parquet"));
        // the footer's last 100 bytes gone (its length and PAR1 kept): read from where the length says it starts,
        // 100 bytes of column data come first, which are no FileMetaData
        byte[] cut = new byte[whole.length - 100];
        System.arraycopy(whole, 0, cut, 0, whole.length - 108);
        System.arraycopy(whole, whole.length - 8, cut, whole.length - 108, 8);
        Files.write(broken, cut);
        assertEquals(null, parquetRows(omop), "a footer cut short");
        // a footer longer than the file
        byte[] longer = whole.clone();
        longer[whole.length - 5] = 0x7f;
        Files.write(broken, longer);
        assertEquals(null, parquetRows(omop), "a footer longer than the file");
        Files.delete(broken);
        assertEquals("3700", parquetRows(omop));
    }

    /**
     * Embedded mode: a small input (by size) runs with the serial collector, a larger one with the parallel
     * collector; a collector chosen in RWE_JAVA_OPTS replaces either (two on one command line would stop
     * the JVM).
     * jobs/generate is measured by its output: 6 patients × 650 bytes fit in 4,096 bytes, 7 do not.
     */
    @Test
    void theEmbeddedLauncherGivesASmallInputTheSerialCollectorALargeOneTheParallelUnlessTheUserChoosesOne(@TempDir Path dir) throws Exception {
        Map<String, String> env = fakeEmbeddedLauncher(dir);
        Path extracts = dir.resolve("extracts");
        String serial = "-XX:+UseSerialGC";

        List<String> args = launched(dir, env, "replicate", "--out", "o");
        assertTrue(args.contains(serial), "the paper's replicate: " + args);

        args = launched(dir, env, "ingest", "--extracts", extracts.toString(), "--warehouse", "w");
        assertEquals(List.of("-XX:+UseParallelGC"), args.stream().filter(a -> a.matches("-XX:\\+Use.*GC")).toList(),
                "5,000 bytes over RWE_SMALL_INPUT=4096: " + args);
        env.put("RWE_JAVA_OPTS", "-XX:+UseG1GC");
        args = launched(dir, env, "ingest", "--extracts", extracts.toString(), "--warehouse", "w");
        assertEquals(List.of("-XX:+UseG1GC"), args.stream().filter(a -> a.matches("-XX:\\+Use.*GC")).toList(),
                "RWE_JAVA_OPTS chose G1 for a large input: " + args);
        env.remove("RWE_JAVA_OPTS");

        env.put("RWE_JAVA_OPTS", "-XX:+UseParallelGC -Xss2m");
        args = launched(dir, env, "replicate", "--out", "o");
        assertFalse(args.contains(serial), "RWE_JAVA_OPTS chose a collector: " + args);
        assertTrue(args.contains("-XX:+UseParallelGC") && args.contains("-Xss2m"), args.toString());
        env.remove("RWE_JAVA_OPTS");

        // jobs/generate: measured by what it writes (about 650 bytes a patient against RWE_SMALL_INPUT=4096)
        args = launched(dir, env, "generate", "--profile", "registry", "--patients", "6", "--out", "g");
        assertTrue(args.contains(serial) && args.contains("-XX:TieredStopAtLevel=1"), "6 patients: " + args);
        assertTrue(args.contains("-Dspark.sql.shuffle.partitions=2"), "6 patients: " + args);
        args = launched(dir, env, "generate", "--profile", "registry", "--patients", "7", "--out", "g");
        assertFalse(args.contains(serial) || args.contains("-XX:TieredStopAtLevel=1")
                || args.contains("-Dspark.sql.shuffle.partitions=2"), "7 patients: " + args);
    }

    /**
     * Class-data sharing in embedded mode on Java 17 (jobs/_launch, RWE_CDS): the first run after a build
     * asks the JVM to archive the classes it loaded at exit, under a temporary name that becomes the
     * archive's name (of the jar copy and the Java version) once the run is over, when the run succeeded
     * and started Spark (it created the marker file the launcher names in {@code -Dio.rwe.cds.spark-marker});
     * an archive of a run that stopped before Spark started, or failed, is deleted, and the next run records
     * again; the next runs use the archive; a rebuilt jar gets an archive of its own and the
     * older ones are deleted; a run whose JVM wrote no archive leaves nothing behind. The fake {@code java}
     * writes the archive as the JVM does ({@code -XX:ArchiveClassesAtExit=FILE}) unless FAKE_NO_ARCHIVE is
     * set, creates the marker unless FAKE_NO_SPARK is set, and exits with FAKE_RC.
     */
    @Test
    void theClassArchiveIsMadeOnceAfterEachBuildRenamedIntoPlaceAndUsedByTheNextRuns(@TempDir Path dir) throws Exception {
        Map<String, String> env = fakeEmbeddedLauncher(dir);
        env.put("RWE_CDS", "1");
        executable(dir.resolve("bin/java"), String.join("\n", "#!/usr/bin/env bash",
                "printf '%s\\n' \"$@\" > '" + dir.resolve("java-args") + "'",
                "for a in \"$@\"; do",
                "  case \"$a\" in -XX:ArchiveClassesAtExit=*) [ -n \"${FAKE_NO_ARCHIVE:-}\" ] || echo archive > \"${a#*=}\" ;;",
                "    -Dio.rwe.cds.spark-marker=*) [ -n \"${FAKE_NO_SPARK:-}\" ] || : > \"${a#*=}\" ;; esac",
                "done",
                "exit \"${FAKE_RC:-0}\"", ""));
        Path cds = dir.resolve("target/cds");
        String make = "-XX:ArchiveClassesAtExit=";
        String use = "-XX:SharedArchiveFile=";

        // 1. The first run after the build: an archive made, under a temporary name, then renamed.
        List<String> args = launched(dir, env, "replicate", "--out", "o");
        List<String> made = args.stream().filter(a -> a.startsWith(make)).toList();
        assertEquals(1, made.size(), args.toString());
        assertFalse(args.stream().anyMatch(a -> a.startsWith(use)), args.toString());
        Path tmp = Path.of(made.get(0).substring(make.length()));
        assertEquals(cds, tmp.getParent());
        assertTrue(tmp.getFileName().toString().matches("rwe-replicate-1\\.2\\.0-all-.*-java17\\.jsa\\.\\d+\\.tmp"), tmp.toString());
        Path archive = cds.resolve(tmp.getFileName().toString().replaceAll("\\.\\d+\\.tmp$", ""));
        assertEquals(List.of(archive), list(cds));
        assertEquals("archive\n", Files.readString(archive));

        // 2. The next run uses it and makes none.
        args = launched(dir, env, "replicate", "--out", "o");
        assertTrue(args.contains(use + archive), args.toString());
        assertFalse(args.stream().anyMatch(a -> a.startsWith(make)), args.toString());
        assertEquals(List.of(archive), list(cds));

        // 3. A rebuilt jar: a new archive asked for, the old one deleted; a JVM that wrote none (it failed
        // before exiting normally) leaves no file, and the run's exit code is the JVM's.
        Files.setLastModifiedTime(dir.resolve("target/rwe-replicate-1.2.0-all.jar"),
                FileTime.from(Instant.now().plusSeconds(7200)));
        env.put("FAKE_NO_ARCHIVE", "1");
        env.put("FAKE_RC", "3");
        Run r = run(dir, env, List.of(dir.resolve("jobs/_launch").toString(), "replicate", "--out", "o"));
        assertEquals(3, r.exitCode(), r.stderr());
        args = Files.readAllLines(dir.resolve("java-args"));
        made = args.stream().filter(a -> a.startsWith(make)).toList();
        assertEquals(1, made.size(), args.toString());
        assertFalse(made.get(0).startsWith(make + archive), "the rebuilt jar's archive has a name of its own: " + made);
        assertEquals(List.of(), list(cds), "the old archive is deleted and no temporary file is left");

        // 4. A run that stopped before Spark started (a configuration error: exit 2, no marker): its archive
        // is deleted, no temporary file is left, and the next run records again.
        env.remove("FAKE_NO_ARCHIVE");
        env.put("FAKE_NO_SPARK", "1");
        env.put("FAKE_RC", "2");
        r = run(dir, env, List.of(dir.resolve("jobs/_launch").toString(), "replicate", "--out", "o"));
        assertEquals(2, r.exitCode(), r.stderr());
        assertEquals(List.of(), list(cds), "the archive of a run that never started Spark is not kept");
        env.remove("FAKE_NO_SPARK");

        // 5. Nor of a run that failed after Spark started (exit 1, the marker made): it stopped early too, and
        // holds part of the classes only.
        env.put("FAKE_RC", "1");
        r = run(dir, env, List.of(dir.resolve("jobs/_launch").toString(), "replicate", "--out", "o"));
        assertEquals(1, r.exitCode(), r.stderr());
        assertEquals(List.of(), list(cds), "the archive of a failed run is not kept");

        // 6. The next run that succeeds: its archive kept, and used by the run after it.
        env.remove("FAKE_RC");
        args = launched(dir, env, "replicate", "--out", "o");
        tmp = Path.of(args.stream().filter(a -> a.startsWith(make)).findFirst().orElseThrow().substring(make.length()));
        Path rebuilt = cds.resolve(tmp.getFileName().toString().replaceAll("\\.\\d+\\.tmp$", ""));
        assertEquals(List.of(rebuilt), list(cds));
        args = launched(dir, env, "replicate", "--out", "o");
        assertTrue(args.contains(use + rebuilt), args.toString());
    }

    /** The files of a folder, sorted (none when it does not exist). */
    private static List<Path> list(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (var s = Files.list(folder)) {
            return s.sorted().toList();
        }
    }

    /**
     * A missing jar is built first: one line says what is built, Maven's output follows without the colour
     * resets Maven 3.8 prints even in batch mode ({@code ESC[0m}, seen on every {@code mvn -q -B}), and a line
     * says how long it took; a failed build is one line and exit 1, with no "built" line.
     */
    @Test
    void theFirstBuildSaysWhatItDoesAndHowLongItTookWithoutEscapeCodes(@TempDir Path dir) throws Exception {
        Map<String, String> env = fakeEmbeddedLauncher(dir);
        Path jar = dir.resolve("target/rwe-replicate-1.2.0-all.jar");
        Files.delete(jar);
        executable(dir.resolve("bin/mvn"), "#!/usr/bin/env bash\n"
                + "printf '\\033[0m\\033[0m\\033[1;33mWARNING\\033[m a plugin said this\\n'\n"
                + "echo \"$*\" > '" + dir.resolve("mvn-args") + "'\n"
                + "echo 'jar of version 1.2.0' > '" + jar + "'\n");
        Run r = run(dir, env, List.of(dir.resolve("jobs/_launch").toString(), "replicate", "--out", "o"));
        assertEquals(0, r.exitCode(), r.stderr());
        assertEquals("-q -B -DskipTests package", Files.readString(dir.resolve("mvn-args")).strip());
        assertFalse(r.stderr().contains("\u001b"), "escape codes on standard error: " + r.stderr());
        List<String> lines = r.stderr().lines().toList();
        assertEquals("building the application jar (mvn -DskipTests package) ...", lines.get(0), r.stderr());
        assertEquals("WARNING a plugin said this", lines.get(1), r.stderr());
        assertTrue(lines.get(2).matches("built the application jar in \\d+ s"), r.stderr());
        assertTrue(Files.exists(dir.resolve("java-args")), "the job ran after the build");

        Files.delete(jar);
        Files.delete(dir.resolve("java-args"));
        executable(dir.resolve("bin/mvn"), "#!/usr/bin/env bash\necho '[ERROR] COMPILATION ERROR'\nexit 3\n");
        r = run(dir, env, List.of(dir.resolve("jobs/_launch").toString(), "replicate", "--out", "o"));
        assertEquals(1, r.exitCode(), r.stderr());
        assertEquals(List.of("building the application jar (mvn -DskipTests package) ...", "[ERROR] COMPILATION ERROR",
                "failed: build failed (run 'mvn -DskipTests package' to see why)"), r.stderr().lines().toList());
        assertFalse(Files.exists(dir.resolve("java-args")), "no job after a failed build");
    }

    @Test
    void theLauncherRefusesAPomWithoutTheProjectVersion(@TempDir Path dir) throws Exception {
        fakeCheckout(dir, "_launch", "_options", "_jvm-flags");
        Files.writeString(dir.resolve("pom.xml"), "<project><artifactId>other</artifactId><version>1</version></project>\n");
        executable(dir.resolve("spark/bin/spark-submit"), "#!/usr/bin/env bash\nexit 0\n");
        Path noMaven = executable(dir.resolve("bin/mvn"), "#!/usr/bin/env bash\nexit 1\n").getParent();
        Run r = run(dir, Map.of("SPARK_HOME", dir.resolve("spark").toString(),
                        "PATH", noMaven + ":" + System.getenv("PATH")),
                List.of(dir.resolve("jobs/_launch").toString(), "analyze"));
        assertEquals(1, r.exitCode(), r.stderr());
        assertTrue(r.stderr().contains("no project version in " + dir.toRealPath() + "/pom.xml"), r.stderr());
    }

    /** cluster-up kept its own list of JVM flags (five of the fifteen packages Spark needs open). */
    @Test
    void clusterUpStartsItsJvmsWithTheSharedFlagsAndClusterDownStopsThem(@TempDir Path dir) throws Exception {
        fakeCheckout(dir, "cluster-up", "cluster-down", "_options", "_jvm-flags");
        Files.writeString(dir.resolve("conf/log4j2-cluster.properties"), "status = error\n");
        Path log = dir.resolve("java-args");
        executable(dir.resolve("bin/java"), String.join("\n",
                "#!/usr/bin/env bash",
                "printf '%s\\n' \"$@\" > '" + log + "'.$$",
                "case \" $* \" in *org.apache.spark.deploy.worker.Worker*) echo 'Successfully registered with master';; esac",
                "exec sleep 300", ""));
        Path state = dir.resolve("cluster");
        Map<String, String> env = new HashMap<>(Map.of("PATH", dir.resolve("bin") + ":" + System.getenv("PATH")));
        try {
            Run up = run(dir, env, List.of(dir.resolve("jobs/cluster-up").toString(), "--workers", "2", "--port", "17077",
                    "--dir", state.toString()));
            assertEquals(0, up.exitCode(), up.stderr());
            assertEquals("spark://127.0.0.1:17077", up.stdout().strip());
            List<String> pids = Files.readAllLines(state.resolve("pids"));
            assertEquals(3, pids.size(), "master and two workers: " + pids);

            List<String> flags = jvmArray(dir, "FLAGS");
            assertTrue(flags.contains("--add-opens=java.base/sun.util.calendar=ALL-UNNAMED"), "FLAGS: " + flags);
            for (String pid : pids) {
                List<String> jvm = Files.readAllLines(Path.of(log + "." + pid));
                assertTrue(jvm.containsAll(flags), "JVM " + pid + " lacks some of jobs/_jvm-flags FLAGS: " + jvm);
            }

            Run down = run(dir, env, List.of(dir.resolve("jobs/cluster-down").toString(), "--dir", state.toString()));
            assertEquals(0, down.exitCode(), down.stderr());
            for (String pid : pids) {
                ProcessHandle.of(Long.parseLong(pid)).ifPresent(p -> {
                    try {
                        p.onExit().get(10, TimeUnit.SECONDS);
                    } catch (Exception e) {
                        throw new AssertionError("process " + pid + " still running after cluster-down", e);
                    }
                });
            }
        } finally {
            Path pids = state.resolve("pids");
            if (Files.exists(pids)) {
                for (String pid : Files.readAllLines(pids)) {
                    ProcessHandle.of(Long.parseLong(pid.strip())).ifPresent(ProcessHandle::destroyForcibly);
                }
            }
        }
    }

    /** The elements of a bash array of {@code jobs/_jvm-flags}, as the scripts expand it. */
    private static List<String> jvmArray(Path dir, String name) throws Exception {
        Run r = run(dir, Map.of(), List.of("bash", "-c", "source jobs/_jvm-flags && printf '%s\\n' \"${" + name + "[@]}\""));
        assertEquals(0, r.exitCode(), r.stderr());
        return r.stdout().lines().toList();
    }

    /** {@code org.apache.spark.launcher.CommandBuilderUtils.parseOptionString} (package-private). */
    @SuppressWarnings("unchecked")
    private static List<String> launcherSplit(String options) throws Exception {
        Method m = Class.forName("org.apache.spark.launcher.CommandBuilderUtils")
                .getDeclaredMethod("parseOptionString", String.class);
        m.setAccessible(true);
        return (List<String>) m.invoke(null, options);
    }

    /** {@code org.apache.spark.util.Utils.splitCommandString}. */
    private static List<String> sparkSplit(String options) throws Exception {
        Object seq = Class.forName("org.apache.spark.util.Utils").getMethod("splitCommandString", String.class)
                .invoke(null, options);
        return new ArrayList<>(scala.jdk.javaapi.CollectionConverters.asJava((scala.collection.Seq<String>) seq));
    }
}
