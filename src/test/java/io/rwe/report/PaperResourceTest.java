package io.rwe.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rwe.core.Configs;
import io.rwe.results.Results;
import io.rwe.study.Study;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The paper's published numbers address real places of the results contract. */
class PaperResourceTest {

    @Test
    void everyPublishedPathExistsInAResultsFileOfTheContractShape() {
        Paper paper = Paper.load(ReportSettings.of(Configs.load()).paper()).orElseThrow();
        // the fixture read as the default study's typed results, then addressed by the paper's paths
        ResultsView fixture = ResultsView.of(Results.read(ReportFixture.SOURCE.resolve("results.json"),
                Study.from(Configs.load()).resultKinds()));
        List<String> missing = new ArrayList<>();
        for (Published v : paper.values()) {
            if (fixture.all(v.path()).isEmpty()) {
                missing.add(v.path());
            }
            if (v.ofPath() != null && fixture.number(v.ofPath()).isEmpty()) {
                missing.add(v.ofPath());
            }
            assertTrue(v.printed() != null || v.pct() != null, v.path());
            assertFalse(v.where() == null || v.where().isBlank(), v.path() + " says where it is printed");
        }
        assertEquals(List.of(), missing);
        // the paper's headline numbers are there, as printed
        assertTrue(at(paper, "pfs_all.groups.all.median").stream().anyMatch(v -> v.printed().equals("3.37")));
        assertTrue(at(paper, "os_all.groups.all.median").stream().anyMatch(v -> v.printed().equals("16.10")));
        assertTrue(at(paper, "mpfs_lungonly_vs_nonlung.logrank.p").stream().anyMatch(v -> v.printed().equals("<0.001")));
        assertTrue(paper.checks().size() >= 19);
    }

    private static List<Published> at(Paper paper, String path) {
        return paper.values().stream().filter(v -> v.path().equals(path)).toList();
    }
}
