package io.rwe.it;

import static io.rwe.it.Scripts.ok;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.rwe.core.Json;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real Spark standalone cluster (jobs/cluster-up, from the Maven jars): a master and two workers of
 * one core each, so a stage with two running tasks has one on each worker. One generated registry
 * (5 000 patients, 1 % dirty) is run once through jobs/replicate in embedded local mode, where so small
 * an input is evaluated interpreted; that run's results.json is the reference. The same registry is then
 * submitted to the cluster, where Spark compiles its generated code, and a worker is lost in the middle
 * of a stage: after ingest has finished, at the first stage seen running two tasks (Spark's console
 * progress, {@code (done + 2) / total}), the second worker's JVM and the executor JVM it launched are
 * killed with SIGKILL by PID, as when a machine is lost: its running task, its cached blocks and its
 * shuffle files are gone. Spark must re-run them on the remaining worker; the job completes with a
 * results.json byte-identical to local mode's. One cluster run serves both checks (the cluster path,
 * and recovery from a lost worker): ingest and the stages before the loss ran on both workers, the rest
 * on one, and any difference from local mode fails the test; an undisturbed second run cost about as
 * much again (a cluster run of this registry is 75 s alone on 2 cores, 170 s beside the other test fork)
 * and could only fail where this one fails too.
 * Every process started is stopped by PID (jobs/cluster-down, and the job's process tree) whatever
 * happens.
 */
@Timeout(value = 25, unit = TimeUnit.MINUTES)
class ClusterReplicateIT {

    static final Duration RUN = Duration.ofMinutes(8);
    /** A stage with two running tasks in Spark's console progress bar: {@code [Stage 7:=>   (3 + 2) / 8]}. */
    /**
     * The executors' JVM flags: the C1 compiler only and the serial collector, those jobs/_jvm-flags gives a
     * small input's embedded JVM (SMALL_INPUT_FLAGS, SMALL_INPUT_GC, read from it). The launcher cannot know what a
     * cluster's executors should run with, so in cluster mode it leaves them to the cluster; for this
     * 5 000-patient registry the C2 compiler's work in the fresh executor JVMs cost more than it saved
     * (the cluster run of this test alone on 2 cores: 77.8 s without these flags, 65.5 s with them, one
     * run each). Spark still compiles its generated code: only the executor JVMs' own JIT differs.
     */
    static final Pattern TWO_RUNNING = Pattern.compile("\\[Stage \\d+:[^\\]]*\\(\\d+ \\+ 2\\) / \\d+\\]");

    @TempDir
    static Path tmp;
    static Path clusterDir;
    static String master;
    static Path extracts;
    static byte[] localResults;
    static Process job;

    @BeforeAll
    static void startClusterAndRunLocally() throws Exception {
        clusterDir = tmp.resolve("cluster");
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Scripts.Result up = ok(Scripts.run(Duration.ofMinutes(3), Map.of(), List.of(
                Scripts.ROOT.resolve("jobs/cluster-up").toString(), "--dir", clusterDir.toString(),
                "--port", Integer.toString(port), "--workers", "2", "--cores", "1", "--memory", "1g")), "cluster-up");
        master = up.lastLine();
        assertTrue(master.startsWith("spark://127.0.0.1:"), master);

        extracts = tmp.resolve("extracts");
        ok(Scripts.job(RUN, "generate", "--profile", "registry", "--patients", "5000", "--seed", "23",
                "--dirty", "0.01", "--out", extracts.toString()), "generate");
        Path local = Path.of(ok(Scripts.job(RUN, "replicate", "--extracts", extracts.toString(),
                "--out", tmp.resolve("local").toString()), "replicate (local)").lastLine());
        localResults = Files.readAllBytes(local.resolve("results.json"));
        // A tiny input in embedded mode is evaluated interpreted, without adaptive execution (jobs/_jvm-flags,
        // TINY_INPUT_PROPS); the cluster runs below compile Spark's generated code and re-plan adaptively:
        // equal results.json compares the two paths.
        JsonNode settings = Json.read(Files.readString(local.resolve("manifest.json"))).path("spark_settings");
        assertEquals("false", settings.path("spark.sql.codegen.wholeStage").asText(), settings.toString());
        assertEquals("NO_CODEGEN", settings.path("spark.sql.codegen.factoryMode").asText(), settings.toString());
        assertEquals("false", settings.path("spark.sql.adaptive.enabled").asText(), settings.toString());
        assertTrue(new String(localResults, StandardCharsets.UTF_8).contains("\"mpfs_lungonly_vs_nonlung\""),
                "results.json has the analyses");
    }

    @AfterAll
    static void stopEverything() throws Exception {
        List<Long> pids = new ArrayList<>();
        if (job != null) {
            job.descendants().forEach(h -> pids.add(h.pid()));
            pids.add(job.pid());
            job.descendants().forEach(ProcessHandle::destroyForcibly);
            job.destroyForcibly();
        }
        if (clusterDir != null && Files.exists(clusterDir.resolve("pids"))) {
            for (String pid : Files.readAllLines(clusterDir.resolve("pids"))) {
                long p = Long.parseLong(pid.trim());
                pids.add(p);
                // Executors are children of their worker: stopped by PID too.
                ProcessHandle.of(p).ifPresent(h -> h.descendants().forEach(d -> pids.add(d.pid())));
            }
            Scripts.run(Duration.ofMinutes(1), Map.of(), List.of(Scripts.ROOT.resolve("jobs/cluster-down").toString(),
                    "--dir", clusterDir.toString()));
        }
        for (long pid : pids) {
            ProcessHandle.of(pid).ifPresent(h -> {
                h.destroyForcibly();
                h.onExit().orTimeout(30, TimeUnit.SECONDS).join();
            });
        }
        for (long pid : pids) {
            assertTrue(ProcessHandle.of(pid).map(h -> !h.isAlive()).orElse(true), "process " + pid + " still alive");
        }
    }

    @Test
    void onTheClusterAWorkerLostMidStageChangesNothing() throws Exception {
        List<String> pids = Files.readAllLines(clusterDir.resolve("pids"));
        assertEquals(3, pids.size(), "master and two workers: " + pids);
        ProcessHandle worker = ProcessHandle.of(Long.parseLong(pids.get(2).trim())).orElseThrow();
        Path logs = tmp.resolve("logs");
        Path stderr = logs.resolve("stderr");
        job = RunFolders.start(logs, Map.of(), "replicate", "--extracts", extracts.toString(),
                "--out", tmp.resolve("cluster-kill-out").toString(), "--master", master,
                "-Dspark.ui.showConsoleProgress=true", "-Dspark.executor.extraJavaOptions="
                        + Scripts.jvmFlags("SMALL_INPUT_FLAGS", "SMALL_INPUT_GC"));
        // After ingest, the first stage running a task on each worker.
        assertTrue(RunFolders.awaitWhileRunning(job, RUN, () -> {
            String err = RunFolders.read(stderr);
            // The ingest stage's summary ("ingest: 1 extracts read, …"); progress lines end in \r, not \n.
            int after = err.indexOf(" extracts read, ");
            return after >= 0 && TWO_RUNNING.matcher(err.substring(after)).find();
        }), "the job ended before a stage ran on both workers:\n" + RunFolders.read(stderr));
        List<ProcessHandle> executors = worker.descendants().toList();
        assertTrue(!executors.isEmpty(), "the second worker runs no executor");
        String killedAt = lastProgress(RunFolders.read(stderr));
        worker.destroyForcibly();
        executors.forEach(ProcessHandle::destroyForcibly);
        assertTrue(worker.onExit().orTimeout(60, TimeUnit.SECONDS).thenApply(h -> true).join());
        for (ProcessHandle e : executors) {
            e.onExit().orTimeout(60, TimeUnit.SECONDS).join();
        }

        assertTrue(job.waitFor(RUN.toMillis(), TimeUnit.MILLISECONDS), "the job did not finish after the loss");
        String err = RunFolders.read(stderr);
        assertEquals(0, job.exitValue(), "the job failed after the worker was lost (killed at " + killedAt + "):\n"
                + err);
        Path onCluster = Path.of(RunFolders.read(logs.resolve("stdout")).strip().lines().reduce((a, b) -> b)
                .orElseThrow().strip());
        assertArrayEquals(localResults, Files.readAllBytes(onCluster.resolve("results.json")),
                "results.json after a lost worker differs from local mode's (killed at " + killedAt + ")");
        // The run went to the cluster, where Spark compiles its generated code (local mode interpreted it).
        JsonNode settings = Json.read(Files.readString(onCluster.resolve("manifest.json"))).path("spark_settings");
        assertEquals(master, settings.path("master").asText(), settings.toString());
        assertEquals("true", settings.path("spark.sql.codegen.wholeStage").asText(), settings.toString());
        assertEquals("FALLBACK", settings.path("spark.sql.codegen.factoryMode").asText(), settings.toString());
        // Executors ran on both workers: each worker's work folder holds the application's executor log.
        for (String w : List.of("work-1", "work-2")) {
            try (var s = Files.walk(clusterDir.resolve(w))) {
                assertTrue(s.anyMatch(p -> p.getFileName().toString().equals("stderr") && p.toString().contains("app-")),
                        "no executor ran on " + w);
            }
        }
        // The loss was seen: the driver lost the executor, and the master the worker.
        assertTrue(err.contains("Lost executor") || err.contains("lost executor") || err.contains("ExecutorLost")
                || err.contains("Worker lost") || err.contains("worker lost"),
                "the driver never noticed the lost executor:\n" + err);
        String masterLog = Files.readString(clusterDir.resolve("logs/master.log"), StandardCharsets.UTF_8);
        assertTrue(masterLog.contains("Removing worker") || masterLog.contains("has disconnected")
                || masterLog.contains("Removing executor"), "the master never noticed the lost worker:\n" + masterLog);
    }

    /** The last console progress entry of {@code err} (where the kill happened), for the messages. */
    private static String lastProgress(String err) {
        Matcher m = Pattern.compile("\\[Stage \\d+:[^\\]]*\\]").matcher(err);
        String last = "?";
        while (m.find()) {
            last = m.group();
        }
        return last;
    }
}
