package io.rwe.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * jobs/replicate refuses a study file that names what does not exist before doing anything (no extracts
 * generated, no warehouse): exit 2, one line naming the file, the line and the key.
 */
class StudyFileRefusalTest {

    @TempDir
    Path tmp;

    @Test
    void anUnknownPatternIsRefusedAtStart() throws Exception {
        Path conf = tmp.resolve("study-typo.conf");
        Files.writeString(conf, "rwe.study {\n  analyses.os_bone { type = km, endpoint = os,\n"
                + "    groups { bone = \"pattern = 'bone_ony'\" } }\n}\n");
        Path out = tmp.resolve("out");
        JobRun r = JobRun.of("replicate", "--out", out.toString(), "--conf", conf.toString());
        assertEquals(2, r.exitCode(), r.stderr());
        String line = r.oneErrorLine();
        assertTrue(line.contains(conf + ":3: rwe.study.analyses.os_bone.groups: unknown pattern 'bone_ony'"), line);
        assertFalse(Files.exists(out.resolve("extracts-paper")), "nothing generated before the refusal");
        assertFalse(Files.exists(out.resolve("warehouse")), "nothing ingested before the refusal");
    }
}
