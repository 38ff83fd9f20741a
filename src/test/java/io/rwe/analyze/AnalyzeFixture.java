package io.rwe.analyze;

import com.fasterxml.jackson.databind.JsonNode;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigValueFactory;
import io.rwe.TestSpark;
import io.rwe.core.Configs;
import io.rwe.core.Json;
import java.nio.file.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The hand-built analysis cohort of the analyze tests: 30 patients (10 lung_only, 8 multi_organ,
 * 12 non_lung, 3 centers) in {@code src/test/resources/analyze/cohort.csv} with their adverse events,
 * in the columns of docs/architecture.md. {@code expected.R} beside them computes every expected number.
 */
final class AnalyzeFixture {

    private AnalyzeFixture() {
    }

    static final Path DIR = Path.of(System.getProperty("project.basedir", "."), "src/test/resources/analyze");

    static final StructType COHORT = new StructType()
            .add("patient_key", DataTypes.StringType).add("center_id", DataTypes.StringType)
            .add("index_date", DataTypes.DateType).add("age", DataTypes.IntegerType)
            .add("pattern", DataTypes.StringType).add("lung_metastasis", DataTypes.BooleanType)
            .add("extrahepatic_nonlung", DataTypes.BooleanType).add("new_intrahepatic", DataTypes.BooleanType)
            .add("age_group", DataTypes.StringType).add("sex", DataTypes.StringType)
            .add("smoking", DataTypes.StringType).add("portal_vein_invasion", DataTypes.StringType)
            .add("locoregional_liver", DataTypes.StringType).add("antiviral_treatment", DataTypes.StringType)
            .add("bclc_stage", DataTypes.StringType).add("child_pugh_class", DataTypes.StringType)
            .add("treatment_setting", DataTypes.StringType).add("hbv_dna", DataTypes.StringType)
            .add("afp", DataTypes.StringType)
            .add("pfs_days", DataTypes.IntegerType).add("pfs_event", DataTypes.BooleanType)
            .add("mpfs_days", DataTypes.IntegerType).add("mpfs_event", DataTypes.BooleanType)
            .add("lung_mpfs_days", DataTypes.IntegerType).add("lung_mpfs_event", DataTypes.BooleanType)
            .add("os_days", DataTypes.IntegerType).add("os_event", DataTypes.BooleanType)
            .add("best_overall", DataTypes.StringType).add("best_metastatic", DataTypes.StringType)
            .add("best_lung", DataTypes.StringType).add("best_extrahepatic_nonlung", DataTypes.StringType)
            .add("best_intrahepatic_new", DataTypes.StringType)
            .add("dose_reduced", DataTypes.BooleanType).add("interrupted", DataTypes.BooleanType)
            .add("any_ae", DataTypes.BooleanType);

    static final StructType ADVERSE_EVENTS = new StructType()
            .add("patient_key", DataTypes.StringType).add("term", DataTypes.StringType)
            .add("worst_grade", DataTypes.IntegerType);

    static SparkSession spark() {
        return TestSpark.session();
    }

    static Dataset<Row> cohort() {
        return spark().read().option("header", "true").schema(COHORT).csv(DIR.resolve("cohort.csv").toString());
    }

    static Dataset<Row> adverseEvents() {
        return spark().read().option("header", "true").schema(ADVERSE_EVENTS)
                .csv(DIR.resolve("adverse_events.csv").toString());
    }

    /** The flow object of the fixture: 40 reviewed → 4 + 2 + 3 + 1 excluded → 30 (10 / 8 / 12). */
    static JsonNode flow() {
        return Json.read("{\"reviewed\": 40, \"excluded\": {\"not_eligible\": 4, \"no_measurable_metastasis\": 2,"
                + " \"concurrent_systemic\": 3, \"locoregional_metastasis\": 1}, \"included\": 30,"
                + " \"patterns\": {\"lung_only\": 10, \"multi_organ\": 8, \"non_lung\": 12}}");
    }

    /** The default configuration with single keys overridden. */
    static Config config(Object... keyValues) {
        Config c = Configs.load();
        for (int i = 0; i < keyValues.length; i += 2) {
            c = c.withValue((String) keyValues[i], ConfigValueFactory.fromAnyRef(keyValues[i + 1]));
        }
        return c;
    }
}
