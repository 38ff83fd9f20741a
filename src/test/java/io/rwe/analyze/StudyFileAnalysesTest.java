package io.rwe.analyze;

import io.rwe.study.AnalysisSpec;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.io.File;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A second study file layered over the defaults replaces the analyses it sets to null. */
class StudyFileAnalysesTest {

    private static Config load(String... files) {
        Config c = ConfigFactory.empty();
        for (String f : files) {
            c = ConfigFactory.parseFile(new File("conf", f)).withFallback(c);
        }
        return c.resolve();
    }

    @Test
    void defaultStudyHasTheElevenAnalysesOfStudyMd() {
        List<String> names = AnalysisSpec.fromConfig(load("application.conf")).stream().map(AnalysisSpec::name).sorted()
                .toList();
        // docs/study.md, "Analyses": the named analyses other than cohort_flow, baseline and adverse_events.
        assertEquals(List.of("lung_mpfs_lung", "morr_lung", "morr_lungonly_vs_nonlung", "morr_multiorgan_sites",
                "mpfs_lungonly_vs_nonlung", "orr_all", "os_all", "os_lung", "os_lung_vs_nonlung", "pfs_all", "pfs_lung"),
                names);
    }

    @Test
    void boneStudyDropsTheLungAnalysesItSetsToNull() {
        List<String> names = AnalysisSpec.fromConfig(load("application.conf", "study-bone.conf")).stream()
                .map(AnalysisSpec::name).sorted().toList();
        // conf/study-bone.conf: 8 lung analyses set to null, 5 bone analyses added; orr_all, pfs_all, os_all stay.
        assertEquals(List.of("morr_boneonly_vs_nonbone", "mpfs_boneonly_vs_nonbone", "orr_all", "os_all", "os_bone",
                "os_bone_vs_nonbone", "pfs_all", "pfs_bone"), names);
    }
}
