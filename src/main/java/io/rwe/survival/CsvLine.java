package io.rwe.survival;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.SparkSession;
import scala.Tuple2;

/**
 * One line of CSV (RFC 4180 quoting, comma separator): its fields, and where in a file a field has a
 * given value. Used for the header line and for naming the line of a bad value.
 */
final class CsvLine {

    private CsvLine() {
    }

    /** The fields of one line: quotes removed, doubled quotes inside quotes read as one. */
    static List<String> fields(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"') {
                    if (i + 1 < line.length() && line.charAt(i + 1) == '"') {
                        cur.append('"');
                        i++;
                    } else {
                        quoted = false;
                    }
                } else {
                    cur.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                out.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        out.add(cur.toString());
        return out;
    }

    /** Field {@code index} of {@code line}, or null when the line is shorter. */
    static String field(String line, int index) {
        List<String> f = fields(line);
        return index < f.size() ? f.get(index) : null;
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
