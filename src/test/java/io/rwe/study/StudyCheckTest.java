package io.rwe.study;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rwe.core.Configs;
import io.rwe.core.UsageException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A study file that names what does not exist is refused, by configuration alone (no Spark), with one
 * line naming the file, the line and the key (docs/analyze.md, "Checked before Spark starts").
 */
class StudyCheckTest {

    @TempDir
    Path dir;

    static Path conf(String name) {
        return Path.of(System.getProperty("project.basedir", "."), "conf", name);
    }

    /** The refusal of a study file whose second line is {@code line} (inside {@code rwe.study { }}). */
    private String refusal(String line) throws Exception {
        Path f = dir.resolve("study-x.conf");
        Files.writeString(f, "rwe.study {\n" + line + "\n}\n");
        UsageException e = assertThrows(UsageException.class, () -> StudyCheck.check(Configs.load(Optional.of(f))));
        assertTrue(!e.getMessage().contains("\n"), "one line: " + e.getMessage());
        return e.getMessage();
    }

    private static void names(String message, String file, String key, String problem) {
        assertTrue(message.startsWith(file), "names the file first: " + message);
        assertTrue(message.contains(key), "names the key " + key + ": " + message);
        assertTrue(message.contains(problem), message);
    }

    @Test
    void theShippedStudiesPass() {
        for (String f : List.of("study-bone.conf", "study-pvi.conf")) {
            Study s = StudyCheck.check(Configs.load(Optional.of(conf(f))));
            assertTrue(s.analyses().size() >= 8, f);
        }
        Study lung = StudyCheck.check(Configs.load());
        assertEquals(11, lung.analyses().size());
        assertEquals(14, lung.variables().size());
    }

    @Test
    void anUnknownAnalysisType() throws Exception {
        String m = refusal("analyses.x { type = kmm, endpoint = pfs, groups { all = \"true\" } }");
        names(m, dir.resolve("study-x.conf") + ":2", "rwe.study.analyses.x.type", "unknown analysis type 'kmm'");
    }

    @Test
    void anUnknownEndpoint() throws Exception {
        String m = refusal("analyses.x { type = km, endpoint = pfz, groups { all = \"true\" } }");
        names(m, dir.resolve("study-x.conf") + ":2", "rwe.study.analyses.x.endpoint", "unknown endpoint 'pfz'");
    }

    @Test
    void anUnknownScope() throws Exception {
        String m = refusal("analyses.x { type = rate, scope = liver, groups { all = \"true\" } }");
        names(m, dir.resolve("study-x.conf") + ":2", "rwe.study.analyses.x.scope", "unknown response scope 'liver'");
        m = refusal("response-scopes = [overall, brain]");
        names(m, dir.resolve("study-x.conf") + ":2", "rwe.study.response-scopes", "unknown assessment scope 'brain'");
    }

    @Test
    void anUnknownPatternInAGroup() throws Exception {
        String m = refusal("analyses.x { type = km, endpoint = os, groups { a = \"pattern IN ('lung_only', 'lung_ony')\" } }");
        names(m, dir.resolve("study-x.conf") + ":2", "rwe.study.analyses.x.groups", "unknown pattern 'lung_ony'");
    }

    @Test
    void anUnknownColumnInAGroup() throws Exception {
        // bone_metastasis is a flag of the bone study, not of the default one
        String m = refusal("analyses.x { type = km, endpoint = os, groups { bone = \"bone_metastasis\" } }");
        names(m, dir.resolve("study-x.conf") + ":2", "rwe.study.analyses.x.groups", "unknown cohort column 'bone_metastasis'");
    }

    @Test
    void anUnknownGroup() throws Exception {
        String m = refusal("analyses.x { type = compare, endpoint = os, groups { a = \"true\", b = \"true\" },"
                + " order = [a, b], reference = c }");
        names(m, dir.resolve("study-x.conf") + ":2", "rwe.study.analyses.x.reference", "unknown reference group 'c'");
        m = refusal("analyses.x { type = compare, endpoint = os, groups { a = \"true\", b = \"true\" }, order = [a, z] }");
        names(m, dir.resolve("study-x.conf") + ":2", "rwe.study.analyses.x.order", "every group");
    }

    @Test
    void anUnknownVariable() throws Exception {
        String m = refusal("baseline.variables = [{ name = bone_mets, categories = [yes, no] }]");
        names(m, dir.resolve("study-x.conf") + ":2", "rwe.study.baseline.variables", "unknown Table 1 variable 'bone_mets'");
    }

    @Test
    void unknownAnalysesInTheOrderAndTheFigures() throws Exception {
        String m = refusal("analysis-order = [pfs_all, pfs_bone]");
        names(m, dir.resolve("study-x.conf") + ":2", "rwe.study.analysis-order", "unknown analysis 'pfs_bone'");
        m = refusal("figures.km { \"9Z\" = orr_all }");
        names(m, dir.resolve("study-x.conf") + ":2", "rwe.study.figures.km.9Z", "unknown km or compare analysis 'orr_all'");
        m = refusal("figures.flow.boxes = [{ patterns = [lung_only, bone_only] }]");
        names(m, dir.resolve("study-x.conf") + ":2", "rwe.study.figures.flow.boxes", "unknown pattern 'bone_only'");
    }

    @Test
    void theColumnsAndPatternsOfAPredicate() {
        assertEquals(List.of("pattern", "lung_metastasis", "age"),
                StudyCheck.columns("pattern = 'lung_only' AND NOT coalesce(`lung_metastasis`, false) AND age >= 65"));
        assertEquals(List.of(), StudyCheck.columns("true"));
        assertEquals(List.of("lung_only", "non_lung"),
                StudyCheck.patternsCompared("pattern = 'lung_only' OR pattern IN ('non_lung')"));
    }
}
