import java.io.File;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Arrays;

/**
 * The single-machine yardstick of ingest in jobs/bench and bench/ingest-bench.sh (not part of the
 * project's build): DuckDB converts every CSV file of an extracts root to Parquet, one file per CSV,
 * types detected by its CSV sniffer, Snappy-compressed as the warehouse's Parquet is. No validation,
 * no quarantine, no accounting: what the hardware does with the same bytes.
 *
 * <pre>
 *   javac -d classes bench/DuckDbCsvToParquet.java
 *   java -cp duckdb_jdbc.jar:classes DuckDbCsvToParquet EXTRACTS_ROOT OUT_DIR THREADS
 * </pre>
 *
 * Prints the rows written, summed over the files.
 */
public final class DuckDbCsvToParquet {

    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            System.err.println("usage: DuckDbCsvToParquet EXTRACTS_ROOT OUT_DIR THREADS");
            System.exit(2);
        }
        File root = new File(args[0]);
        File out = new File(args[1]);
        int threads = Integer.parseInt(args[2]);
        if (!out.mkdirs() && !out.isDirectory()) {
            throw new IllegalStateException("cannot create " + out);
        }
        long rows = 0;
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement()) {
            s.execute("SET threads = " + threads);
            File[] extracts = root.listFiles(f -> f.isDirectory() && !f.getName().startsWith("."));
            Arrays.sort(extracts);
            for (File extract : extracts) {
                File[] csvs = extract.listFiles(f -> f.getName().endsWith(".csv"));
                Arrays.sort(csvs);
                for (File csv : csvs) {
                    String target = new File(out, extract.getName() + "-" + csv.getName().replace(".csv", ".parquet")).getPath();
                    s.execute("COPY (SELECT * FROM read_csv(" + quote(csv.getPath()) + ", header = true)) TO "
                            + quote(target) + " (FORMAT parquet, COMPRESSION snappy)");
                    try (ResultSet r = s.executeQuery("SELECT count(*) FROM read_parquet(" + quote(target) + ")")) {
                        r.next();
                        rows += r.getLong(1);
                    }
                }
            }
        }
        System.out.println(rows);
    }

    private static String quote(String path) {
        return "'" + path.replace("'", "''") + "'";
    }
}
