package io.rwe.survival;

import io.rwe.core.CsvFields;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.SparkSession;
import scala.Tuple2;

/**
 * Where in a CSV file a field has a given value, to name the line of a bad value (fields split by
 * {@link CsvFields}).
 */
final class CsvLine {

    private CsvLine() {
    }

    /** Field {@code index} of {@code line}, or null when the line is shorter or not well-formed CSV. */
    static String field(String line, int index) {
        List<String> f = CsvFields.split(line).values();
        return f != null && index < f.size() ? f.get(index) : null;
    }

    /**
     * The 1-based line number of the first data line (after the header) of {@code file} whose field
     * {@code index} is {@code value}, or −1 when none is found. A second pass over that one file, run
     * only to name the line of a bad value: the file is read as text in order ({@code zipWithIndex}),
     * and only the matching line numbers reach the driver.
     */
    static long findLine(SparkSession spark, String file, int index, String value) {
        if (index < 0) {
            return -1;
        }
        try {
            JavaRDD<String> lines = spark.read().textFile(file).javaRDD();
            long found = lines.zipWithIndex()
                    .filter(p -> p._2() > 0 && p._1().contains(value) && value.equals(field(p._1(), index)))
                    .map(Tuple2::_2)
                    .fold(Long.MAX_VALUE, Math::min);
            return found == Long.MAX_VALUE ? -1 : found + 1;
        } catch (RuntimeException e) {
            return -1;
        }
    }
}
