package io.rwe.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The JIT flags are stated twice: in {@code jobs/_jvm-flags} (the launcher's driver and local-mode JVM,
 * and the benchmarks') and in {@code conf/spark.conf} ({@code spark.executor.extraJavaOptions}, for
 * executors on a cluster). A change to one without the other would make cluster executors run with
 * other JIT settings than the ones measured; this test fails then.
 */
class JvmFlagsAgreeTest {

    @Test
    void executorsGetTheLaunchersJitFlags() throws Exception {
        Process p = new ProcessBuilder("bash", "-c", "source jobs/_jvm-flags && printf '%s\\n' \"${JIT_FLAGS[@]}\"")
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "bash did not finish");
        assertEquals(0, p.exitValue(), "sourcing jobs/_jvm-flags: " + out);
        List<String> launcher = out.lines().filter(l -> !l.isBlank()).toList();
        assertTrue(launcher.contains("-XX:-DontCompileHugeMethods"), "JIT_FLAGS: " + launcher);

        Config conf = ConfigFactory.parseFile(new File("conf/spark.conf"));
        String executor = conf.getConfig("rwe.spark.conf").getString("\"spark.executor.extraJavaOptions\"");
        assertEquals(launcher, Arrays.asList(executor.trim().split("\\s+")),
                "conf/spark.conf spark.executor.extraJavaOptions against jobs/_jvm-flags JIT_FLAGS");
    }
}
