package io.rwe.it;

import static io.rwe.it.Scripts.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real Spark standalone cluster (a master and two workers, started by jobs/cluster-up from the Maven
 * jars): jobs/replicate submitted to it gives the same results.json as embedded local mode. Every
 * process is stopped by its PID (jobs/cluster-down).
 */
class ClusterReplicateIT {

    @TempDir
    static Path tmp;
    static Path clusterDir;
    static String master;

    @BeforeAll
    static void startCluster() throws Exception {
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
    }

    @AfterAll
    static void stopCluster() throws Exception {
        Scripts.run(Duration.ofMinutes(1), Map.of(), List.of(Scripts.ROOT.resolve("jobs/cluster-down").toString(),
                "--dir", clusterDir.toString()));
        for (String pid : Files.exists(clusterDir.resolve("pids")) ? Files.readAllLines(clusterDir.resolve("pids"))
                : List.<String>of()) {
            assertTrue(ProcessHandle.of(Long.parseLong(pid.trim())).map(h -> !h.isAlive()).orElse(true),
                    "cluster process " + pid + " still alive");
        }
    }

    @Test
    void replicateOnTheClusterEqualsLocalMode() throws Exception {
        Path extracts = tmp.resolve("extracts");
        ok(Scripts.job(Duration.ofMinutes(5), "generate", "--profile", "registry", "--patients", "5000",
                "--seed", "11", "--out", extracts.toString()), "generate");

        Path local = Path.of(ok(Scripts.job(Duration.ofMinutes(10), "replicate", "--extracts", extracts.toString(),
                "--out", tmp.resolve("local").toString()), "replicate (local)").lastLine());
        Path onCluster = Path.of(ok(Scripts.job(Duration.ofMinutes(10), "replicate", "--extracts",
                extracts.toString(), "--out", tmp.resolve("cluster-out").toString(), "--master", master),
                "replicate (cluster)").lastLine());

        String a = Files.readString(local.resolve("results.json"));
        String b = Files.readString(onCluster.resolve("results.json"));
        assertTrue(a.contains("\"mpfs_lungonly_vs_nonlung\""), "results.json has the analyses");
        assertEquals(a, b, "results.json on the cluster differs from local mode");
        // The cluster really ran the executors: the workers' work folders hold the application's logs.
        try (var s = Files.walk(clusterDir)) {
            assertTrue(s.anyMatch(p -> p.getFileName().toString().equals("stderr")
                    && p.toString().contains("app-")), "no executor ran on the workers");
        }
    }
}
