package io.rwe.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.rwe.registry.ExtractTable;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The second mapping shipped, conf/registry-upper.conf: other column names in upper case, ';' as the
 * separator, DD/MM/YYYY dates, 1/2 for sex and 1/0 for yes/no codes. Stored values are the spec's.
 */
class RegistryMappingTest {
    @TempDir
    Path tmp;

    static IngestSettings upper() {
        Path conf = Path.of(System.getProperty("project.basedir", ".")).resolve("conf").resolve("registry-upper.conf");
        Config c = ConfigFactory.parseFile(conf.toFile()).withFallback(ConfigFactory.parseFile(
                Path.of(System.getProperty("project.basedir", ".")).resolve("conf").resolve("registry.conf").toFile())).resolve();
        return IngestSettings.fromConfig(c);
    }

    @Test
    void secondMappingReadsTheOtherRegistry() {
        Path root = tmp.resolve("extracts");
        Extracts.folder()
                .text("patients.csv", "PAT_ID;CENTRE;DOB;GENDER;SMOKER;BCLC;CHILD_PUGH;ECOG;AFP;LAST_SEEN;DOD;CONSENT_WITHDRAWN\n"
                        + "P1;C1;31/12/1950;1;1;C;A;0;450,5;01/03/2024;;0\n"                 // 2 invalid_number: decimal comma
                        + "P2;C1;31/12/1950;2;0;c;b;1;450.5;01/03/2024;15/02/2024;0\n"        // 3 accepted
                        + "P3;C1;1950-12-31;1;;C;A;;;01/03/2024;;\n"                          // 4 invalid_date (ISO)
                        + "P4;C1;31/12/1950;M;;C;A;;;01/03/2024;;\n")                         // 5 invalid_code: M is no code here
                .text("lesions.csv", "PAT_ID;LESION;SITE;MEASURABLE;DETECTED\nP2;L1;lung;1;01/01/2024\n")
                .text("treatments.csv", "PAT_ID;DRUG;START;STOP;DOSE_MG;SCHEDULE;LINE_NO\nP2;apatinib;01/02/2024;;750;QD;1\n")
                .text("procedures.csv", "PAT_ID;PROC;PROC_DATE;TARGET\n")
                .text("assessments.csv", "PAT_ID;ASSESS_DATE;SCOPE;RECIST\nP2;01/03/2024;overall;SD\n")
                .text("adverse_events.csv", "PAT_ID;CTCAE_TERM;GRADE;ONSET;ACTION\nP2;fatigue;1;20/02/2024;none\n")
                .write(root, "2024-03-01");
        Path wh = tmp.resolve("warehouse");
        Extracts.Run r = Extracts.ingest(root, wh, upper());
        List<Row> p = Extracts.accepted(wh, "2024-03-01", ExtractTable.PATIENTS).collectAsList();
        assertEquals(1, p.size());
        Row p2 = p.get(0);
        assertEquals("P2", p2.getAs("patient_id"));
        assertEquals("F", p2.getAs("sex"));
        assertEquals("never", p2.getAs("smoking"));
        assertEquals("C", p2.getAs("bclc_stage"));
        assertEquals("B", p2.getAs("child_pugh_class"));
        assertEquals("N", p2.getAs("withdrawn"));
        assertEquals(java.sql.Date.valueOf("1950-12-31"), p2.getAs("birth_date"));
        assertEquals(java.sql.Date.valueOf("2024-02-15"), p2.getAs("death_date"));
        assertEquals(450.5, (Double) p2.getAs("afp_ug_l"));
        assertNull(p2.getAs("hbv_dna_iu_ml"));
        assertEquals(QuarantineReason.INVALID_NUMBER.code(), Extracts.quarantined(wh, "2024-03-01", "patients.csv", 2).getString(0));
        assertEquals(QuarantineReason.INVALID_DATE.code(), Extracts.quarantined(wh, "2024-03-01", "patients.csv", 4).getString(0));
        Row q5 = Extracts.quarantined(wh, "2024-03-01", "patients.csv", 5);
        assertEquals(QuarantineReason.INVALID_CODE.code(), q5.getString(0));
        assertEquals("sex: 'M' is not one of 1, 2", q5.getString(2));
        Row lesion = Extracts.accepted(wh, "2024-03-01", ExtractTable.LESIONS).collectAsList().get(0);
        assertEquals("Y", lesion.getAs("measurable"));
        assertEquals("qd", Extracts.accepted(wh, "2024-03-01", ExtractTable.TREATMENTS).collectAsList().get(0).getAs("schedule"));
        assertEquals(1, Curated.table(io.rwe.TestSpark.session(), wh, ExtractTable.ADVERSE_EVENTS).count());
        assertEquals("upper", r.result().accounting().extracts().get(0).registry());
    }

    @Test
    void defaultMappingIsTheSpecsOwnNames() {
        RegistryMapping m = IngestSettings.fromConfig(ConfigFactory.parseFile(
                Path.of(System.getProperty("project.basedir", ".")).resolve("conf").resolve("registry.conf").toFile()).resolve()).mapping();
        assertEquals(RegistryMapping.spec(), m);
    }
}
