package io.rwe.ingest;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.rwe.TestSpark;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

/**
 * The ISO date fast path of the field rules ({@code yyyy-MM-dd}: a shape check and a cast) accepts
 * exactly what the strict pattern parse accepts, with the same dates. Expected values by hand: a date
 * is valid when it has the form 4-digit year (0000–9999, year 0 being 1 BCE as in the pattern parse), 2-digit month, 2-digit day and exists in the
 * proleptic Gregorian calendar.
 */
class IsoDateParsingTest {

    private static final String[][] CASES = {
            {"2020-02-03", "2020-02-03"}, {"2020-02-29", "2020-02-29"}, {"2019-02-29", null},
            {"2020-02-30", null}, {"2020-13-01", null}, {"2020-00-10", null}, {"2020-01-00", null},
            {"2020-2-3", null}, {"2020-02-03T00:00", null}, {"2020-02-03 00:00", null}, {"20200203", null},
            {"2020/02/03", null}, {"+2020-02-03", null}, {"-2020-02-03", null}, {"02020-02-03", null},
            {"0000-01-01", "0000-01-01"}, {"0001-01-01", "0001-01-01"}, {"1899-12-31", "1899-12-31"},
            {"9999-12-31", "9999-12-31"}, {"2020-02-03x", null}, {"x2020-02-03", null}, {"2020-1a-03", null},
            {"２０２０-02-03", null}, {"", null}, {"2020", null}, {"2020-02", null},
    };

    @Test
    void isoFastPathAgreesWithThePatternParse() {
        SparkSession spark = TestSpark.session();
        List<String> in = new ArrayList<>();
        for (String[] c : CASES) {
            in.add(c[0]);
        }
        Dataset<String> values = spark.createDataset(in, Encoders.STRING());
        List<Row> got = values.select(col("value"),
                FieldRules.date(col("value"), "yyyy-MM-dd").cast("string").as("fast"))
                .collectAsList();
        List<Row> general = values.select(col("value"), org.apache.spark.sql.functions.to_date(
                org.apache.spark.sql.functions.try_to_timestamp(col("value"),
                        org.apache.spark.sql.functions.lit("yyyy-MM-dd"))).cast("string").as("general")).collectAsList();
        List<String> differ = new ArrayList<>();
        for (int i = 0; i < CASES.length; i++) {
            assertEquals(CASES[i][1], got.get(i).getString(1), "fast path, input '" + CASES[i][0] + "'");
            if (!java.util.Objects.equals(CASES[i][1], general.get(i).getString(1))) {
                differ.add(CASES[i][0] + " -> " + general.get(i).getString(1));
            }
        }
        // The one difference: the pattern parse reads a leading minus as a year before the era (year
        // -2020, then date_before_1900); the ISO form has no sign, so the fast path says invalid_date.
        assertEquals(List.of("-2020-02-03 -> -2020-02-03"), differ);
    }
}
