package io.rwe.synth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.rwe.core.Configs;
import io.rwe.core.UsageException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** conf/generator.conf read into RegistrySettings: values, immutability, one line on a bad key, the digest. */
class RegistrySettingsTest {

    private static RegistrySettings with(String hocon) {
        return RegistrySettings.from(ConfigFactory.parseString(hocon).withFallback(Configs.load()));
    }

    @Test
    void defaultsAreReadWithTheirUnits() {
        RegistrySettings s = RegistrySettings.from(Configs.load());
        // 28 : 13 : 20 of 61.
        assertEquals(28 / 61.0, s.patterns().probability(0), 1e-15);
        assertEquals(13 / 61.0, s.patterns().probability(1), 1e-15);
        assertEquals(20 / 61.0, s.patterns().probability(2), 1e-15);
        // 2.5 months of 30.4375 days.
        assertEquals(76.09375, s.progression().referenceMedianDays(), 1e-12);
        assertEquals(List.of("adrenal", "bone", "brain", "lymph_node", "other", "peritoneum"), s.sites().extrahepatic());
        assertEquals(1.5, s.progression().ppsHazardRatio(List.of("lung", "bone")), 0.0);
        assertEquals(4.5, s.progression().ppsHazardRatio(List.of("bone", "brain", "liver_new")), 1e-15);
        // Every adverse-event term of the paper's Table 2, in its order.
        assertEquals(RegistrySettings.PAPER_TERMS,
                s.adverseEvents().terms().stream().map(RegistrySettings.Term::name).toList());
    }

    @Test
    void listsAndMapsCannotBeChanged() {
        RegistrySettings s = RegistrySettings.from(Configs.load());
        assertThrows(UnsupportedOperationException.class, () -> s.sites().extrahepaticShare().set(0, 1.0));
        assertThrows(UnsupportedOperationException.class, () -> s.response().metastatic().set(0, 1.0));
        assertThrows(UnsupportedOperationException.class, () -> s.progression().patternHazardRatio().set(0, 1.0));
        assertThrows(UnsupportedOperationException.class, () -> s.progression().ppsHazardRatio().put("bone", 9.0));
        assertThrows(UnsupportedOperationException.class, () -> s.adverseEvents().terms().clear());
        assertThrows(UnsupportedOperationException.class, () -> s.patterns().cumulative().set(0, 0.0));
    }

    @Test
    void aBadValueIsOneLineNamingTheKey() {
        UsageException site = assertThrows(UsageException.class,
                () -> with("rwe.generator.registry.sites.extrahepatic.spleen = 0.1"));
        assertTrue(site.getMessage().contains("rwe.generator.registry.sites.extrahepatic.spleen"), site.getMessage());
        UsageException prob = assertThrows(UsageException.class, () -> with("rwe.generator.registry.sites.extrahepatic.bone = 1.2"));
        assertTrue(prob.getMessage().contains("sites.extrahepatic.bone must lie in [0, 1]"), prob.getMessage());
        UsageException drug = assertThrows(UsageException.class, () -> with("rwe.generator.registry.treatment.drug = aspirin"));
        assertTrue(drug.getMessage().contains("treatment.drug"), drug.getMessage());
        UsageException range = assertThrows(UsageException.class,
                () -> with("rwe.generator.registry.follow-up.lost-to-follow-up.after-index-days = [30]"));
        assertTrue(range.getMessage().contains("after-index-days must be a range"), range.getMessage());
        UsageException missing = assertThrows(UsageException.class,
                () -> RegistrySettings.from(ConfigFactory.parseString("rwe.generator.registry { patients = 5 }")));
        assertEquals(1, missing.getMessage().lines().count(), missing.getMessage());
    }

    @Test
    void theDigestIgnoresSeedAndPatientsButNothingElse() {
        String base = RegistrySettings.from(Configs.load()).fingerprint();
        assertEquals(base, with("rwe.generator.registry { seed = 1, patients = 7 }").fingerprint());
        assertNotEquals(base, with("rwe.generator.registry.sites.extrahepatic.bone = 0.3").fingerprint());
        assertNotEquals(base, with("rwe.generator.registry.defects.days-before-1900 = [3, 23]").fingerprint());
    }
}
