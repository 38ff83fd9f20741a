package io.rwe.ingest;

import io.rwe.TestSpark;
import io.rwe.registry.ExtractTable;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** Hand-made extract folders for the ingest tests. */
final class Extracts {
    static final String PATIENTS = "patient_id,center_id,birth_date,sex,bclc_stage,child_pugh_class,ecog_ps,"
            + "hbv_dna_iu_ml,afp_ug_l,last_contact_date,death_date,withdrawn";
    static final String LESIONS = "patient_id,lesion_id,site,measurable,detected_date";
    static final String TREATMENTS = "patient_id,drug,start_date,stop_date,dose_mg,schedule,line";
    static final String PROCEDURES = "patient_id,procedure,procedure_date,target";
    static final String ASSESSMENTS = "patient_id,assessment_date,scope,response";
    static final String ADVERSE_EVENTS = "patient_id,term,grade,onset_date,action";

    private Extracts() {
    }

    static String header(ExtractTable t) {
        return switch (t) {
            case PATIENTS -> PATIENTS;
            case LESIONS -> LESIONS;
            case TREATMENTS -> TREATMENTS;
            case PROCEDURES -> PROCEDURES;
            case ASSESSMENTS -> ASSESSMENTS;
            case ADVERSE_EVENTS -> ADVERSE_EVENTS;
        };
    }

    /** A builder of one extract folder: files not given hold their header only. */
    static final class Folder {
        final Map<String, byte[]> files = new LinkedHashMap<>();

        Folder() {
            for (ExtractTable t : ExtractTable.values()) {
                files.put(t.fileName(), (header(t) + "\n").getBytes(StandardCharsets.UTF_8));
            }
        }

        /** {@code lines} after the spec header of the file's table, each ended by a line feed. */
        Folder rows(ExtractTable t, String... lines) {
            StringBuilder sb = new StringBuilder(header(t)).append('\n');
            for (String l : lines) {
                sb.append(l).append('\n');
            }
            files.put(t.fileName(), sb.toString().getBytes(StandardCharsets.UTF_8));
            return this;
        }

        /** The file's exact text. */
        Folder text(String file, String text) {
            files.put(file, text.getBytes(StandardCharsets.UTF_8));
            return this;
        }

        Folder bytes(String file, byte[] b) {
            files.put(file, b);
            return this;
        }

        Folder without(String file) {
            files.remove(file);
            return this;
        }

        Path write(Path root, String date) {
            Path dir = root.resolve(date);
            try {
                Files.createDirectories(dir);
                for (Map.Entry<String, byte[]> e : files.entrySet()) {
                    Files.write(dir.resolve(e.getKey()), e.getValue());
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return dir;
        }
    }

    static Folder folder() {
        return new Folder();
    }

    /** What a run printed and returned. */
    record Run(IngestResult result, String log) {
    }

    static Run ingest(Path root, Path warehouse, IngestSettings settings) {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        PrintStream log = new PrintStream(buf, true, StandardCharsets.UTF_8);
        IngestResult r = Ingest.run(TestSpark.session(), settings, root, warehouse, log);
        return new Run(r, buf.toString(StandardCharsets.UTF_8));
    }

    static IngestSettings defaults() {
        return IngestSettings.fromConfig(com.typesafe.config.ConfigFactory.parseString("rwe.ingest.split-size = 64m"));
    }

    static Dataset<Row> quarantine(Path warehouse, String date) {
        return TestSpark.session().read().parquet(warehouse.resolve("quarantine").resolve(date).toString());
    }

    static Dataset<Row> accepted(Path warehouse, String date, ExtractTable t) {
        return TestSpark.session().read().parquet(warehouse.resolve("extracts").resolve(date).resolve(t.tableName()).toString());
    }

    /** The quarantine row of {@code file} at {@code line}: reason, field, message, raw. */
    static Row quarantined(Path warehouse, String date, String file, long line) {
        List<Row> rows = quarantine(warehouse, date).filter("file = '" + file + "' and line = " + line)
                .select("reason", "field", "message", "raw").collectAsList();
        if (rows.size() != 1) {
            throw new AssertionError(file + " line " + line + ": " + rows.size() + " quarantine rows, expected 1");
        }
        return rows.get(0);
    }
}
