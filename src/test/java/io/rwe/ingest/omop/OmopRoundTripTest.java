package io.rwe.ingest.omop;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import io.rwe.TestSpark;
import io.rwe.core.Configs;
import io.rwe.ingest.Curated;
import io.rwe.ingest.Ingest;
import io.rwe.ingest.IngestResult;
import io.rwe.ingest.IngestSettings;
import io.rwe.registry.ColumnSpec;
import io.rwe.registry.ExtractTable;
import io.rwe.registry.OmopMapping;
import io.rwe.synth.OmopRendering;
import io.rwe.synth.PaperProfile;
import io.rwe.synth.RegistryProfile;
import io.rwe.synth.RegistrySettings;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The OMOP path against the extract path on the same registry: an extract rendered as OMOP tables
 * (OmopRendering, concept sets of conf/omop.conf) and ingested with --format omop gives curated tables
 * equal, row for row and value for value, to ingesting the extract itself — patient ids aside (the
 * OMOP person_id, whose person_source_value is the extract's patient_id) and lesion ids aside (the
 * condition_occurrence_id). Every OMOP record is accepted: none is quarantined.
 */
class OmopRoundTripTest {
    @TempDir
    Path tmp;

    static final Config CONFIG = Configs.load();

    @Test
    void thePapersRegistryGivesTheSameCuratedTables() {
        Path extracts = tmp.resolve("extracts");
        Path x = PaperProfile.write(extracts);
        Path omop = tmp.resolve("omop");
        render(List.of(x), omop);
        compare(extracts, omop, 0);
    }

    @Test
    void threeNightlyExtractsWithResendsAndWithdrawalsGiveTheSameCuratedTables() {
        Path extracts = tmp.resolve("extracts");
        List<Path> nights = new RegistryProfile(RegistrySettings.from(CONFIG), 11, 0, 300).withPartitions(2)
                .write(TestSpark.session(), extracts, 3);
        Path omop = tmp.resolve("omop");
        render(nights, omop);
        compare(extracts, omop, 3);
    }

    static void render(List<Path> extracts, Path omop) {
        OmopRendering r = new OmopRendering(TestSpark.session(), OmopMapping.fromConfig(CONFIG), "apatinib");
        for (Path x : extracts) {
            r.render(x, omop.resolve(x.getFileName()));
        }
    }

    private void compare(Path extracts, Path omop, int nights) {
        SparkSession spark = TestSpark.session();
        PrintStream quiet = new PrintStream(new ByteArrayOutputStream());
        Path a = tmp.resolve("wh-extract");
        Path b = tmp.resolve("wh-omop");
        IngestSettings settings = IngestSettings.fromConfig(CONFIG);
        IngestResult ra = Ingest.run(spark, settings, extracts, a, quiet);
        IngestResult rb = OmopModel.ingest(spark, CONFIG, settings, omop, b);
        if (nights > 0) {
            assertEquals(nights, rb.ingested().size(), "OMOP deliveries ingested");
        }
        assertEquals(0, ra.accounting().rowsQuarantined(), "the extracts are clean");
        assertEquals(0, rb.accounting().rowsQuarantined(), "no OMOP record quarantined: " + rb.quarantine());
        assertEquals(rb.accounting().rowsRead(), rb.accounting().rowsAccepted());
        for (ExtractTable t : ExtractTable.values()) {
            List<String> fromExtract = rows(Curated.table(spark, a, t), t, true);
            List<String> fromOmop = rows(Curated.table(spark, b, t), t, false);
            assertTrue(fromExtract.size() > 0, t + " has rows");
            assertEquals(fromExtract, fromOmop, t.tableName());
        }
    }

    /** The table's spec columns as sorted lines, patient_id as the OMOP person_id, lesion_id left out. */
    static List<String> rows(Dataset<Row> d, ExtractTable t, boolean extract) {
        List<Column> cols = new ArrayList<>();
        for (ColumnSpec c : t.columns()) {
            if (c.name().equals("lesion_id")) {
                continue;
            }
            Column v = c.name().equals("patient_id") && extract
                    ? OmopRendering.personId(col("patient_id")).cast(DataTypes.StringType) : col(c.name());
            cols.add(v.cast(DataTypes.StringType).as(c.name()));
        }
        List<String> out = new ArrayList<>();
        for (Row r : d.select(cols.toArray(new Column[0])).collectAsList()) {
            out.add(r.mkString("|"));
        }
        out.sort(null);
        return out;
    }
}
