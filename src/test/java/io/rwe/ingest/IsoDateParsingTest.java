package io.rwe.ingest;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.to_date;
import static org.apache.spark.sql.functions.try_to_timestamp;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.rwe.TestSpark;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

/**
 * The date parsing of the field rules. The ISO fast path ({@code yyyy-MM-dd}: a shape check and the
 * calendar) is checked against dates worked by hand — a date is valid when it has the form 4-digit year
 * (0000–9999, year 0 being 1 BCE), 2-digit month, 2-digit day and exists in the proleptic Gregorian
 * calendar. The parser of other patterns is checked against Spark's own
 * {@code to_date(try_to_timestamp(value, pattern))}, the reference it is built to agree with.
 */
class IsoDateParsingTest {

    private static final String[][] CASES = {
            {"2020-02-03", "2020-02-03"}, {"2020-02-29", "2020-02-29"}, {"2019-02-29", null},
            {"2020-02-30", null}, {"2020-13-01", null}, {"2020-00-10", null}, {"2020-01-00", null},
            {"2020-2-3", null}, {"2020-02-03T00:00", null}, {"2020-02-03 00:00", null}, {"20200203", null},
            {"2020/02/03", null}, {"+2020-02-03", null}, {"-2020-02-03", null}, {"02020-02-03", null},
            {"0000-01-01", "0000-01-01"}, {"0001-01-01", "0001-01-01"}, {"1899-12-31", "1899-12-31"},
            {"9999-12-31", "9999-12-31"}, {"2020-02-03x", null}, {"x2020-02-03", null}, {"2020-1a-03", null},
            {"２０２０-02-03", null}, {"", null}, {"2020", null}, {"2020-02", null}, {"2020-02-03\n", null},
            {"2020-04-31", null}, {"1900-02-29", null}, {"2000-02-29", "2000-02-29"},
    };

    @Test
    void isoFastPathGivesTheDatesWorkedByHand() {
        for (String[] c : CASES) {
            LocalDate d = FieldRules.isoDate(c[0]);
            assertEquals(c[1], d == null ? null : d.toString(), "input '" + c[0] + "'");
        }
    }

    @Test
    void isoFastPathAgreesWithSparksPatternParseButForASign() {
        List<String> in = new ArrayList<>();
        for (String[] c : CASES) {
            in.add(c[0]);
        }
        List<String> differ = new ArrayList<>();
        List<String> spark = sparkDates(in, "yyyy-MM-dd");
        for (int i = 0; i < in.size(); i++) {
            LocalDate d = FieldRules.isoDate(in.get(i));
            if (!Objects.equals(d == null ? null : d.toString(), spark.get(i))) {
                differ.add(in.get(i) + " -> " + spark.get(i));
            }
        }
        // The one difference: the pattern parse reads a leading minus as a year before the era (year
        // -2020, then date_before_1900); the ISO form has no sign, so the fast path says invalid_date.
        assertEquals(List.of("-2020-02-03 -> -2020-02-03"), differ);
    }

    @Test
    void patternParseAgreesWithSpark() {
        String[][] patterns = {
                {"dd/MM/yyyy", "03/02/2020", "29/02/2020", "29/02/2019", "31/04/2020", "3/2/2020", "03/02/20",
                        "03/02/02020", "03/02/+2020", "03/02/-2020", "03/02/2020 ", "00/01/2020", "01/13/2020",
                        "2020-02-03", "", "31/12/1899", "01/01/0000", "a3/02/2020"},
                {"d.M.yyyy", "3.2.2020", "03.02.2020", "31.4.2020", "3.2.20", "3..2020"},
                {"dd MMM yyyy", "03 Feb 2020", "03 feb 2020", "03 FEB 2020", "03 February 2020", "30 Feb 2020"},
                {"yyyyMMdd", "20200203", "20200230", "2020023", "202002031"},
                {"yyyy-MM-dd", "2020-02-03", "2020-2-3", "+2020-02-03", "-0001-01-01", "2020-02-30"},
                {"MM/yyyy", "02/2020", "13/2020"},
        };
        for (String[] p : patterns) {
            List<String> in = List.of(p).subList(1, p.length);
            DateTimeFormatter f = FieldRules.patternParser(p[0]);
            List<String> spark = sparkDates(in, p[0]);
            for (int i = 0; i < in.size(); i++) {
                LocalDate d = FieldRules.parseDate(f, in.get(i));
                assertEquals(spark.get(i), d == null ? null : d.toString(), "pattern " + p[0] + ", input '" + in.get(i) + "'");
            }
        }
    }

    @Test
    void yearsAreProlepticOutsideQuotesAndWithoutAnEra() {
        assertEquals("dd/MM/uuuu", FieldRules.prolepticYears("dd/MM/yyyy"));
        assertEquals("uuuu'y'MM", FieldRules.prolepticYears("yyyy'y'MM"));
        assertEquals("G yyyy", FieldRules.prolepticYears("G yyyy"));
    }

    /** Spark's {@code to_date(try_to_timestamp(value, pattern))} of each input, as ISO text (null when none). */
    private static List<String> sparkDates(List<String> in, String pattern) {
        SparkSession spark = TestSpark.session();
        List<String> out = new ArrayList<>();
        for (Row r : spark.createDataset(in, Encoders.STRING())
                .select(to_date(try_to_timestamp(col("value"), lit(pattern))).cast("string")).collectAsList()) {
            out.add(r.getString(0));
        }
        return out;
    }
}
