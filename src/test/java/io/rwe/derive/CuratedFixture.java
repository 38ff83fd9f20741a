package io.rwe.derive;

import io.rwe.registry.ColumnSpec;
import io.rwe.registry.ExtractTable;
import java.sql.Date;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Hand-built curated tables: rows with exactly the columns of {@link ExtractTable} (curated types) plus
 * {@code extract_date}, as ingest publishes them. Values are given as strings for dates and codes,
 * numbers as Java numbers; unspecified optional columns are null.
 */
final class CuratedFixture {
    static final String EXTRACT_DATE = "2018-09-30";

    private final Map<ExtractTable, List<Map<String, Object>>> rows = new EnumMap<>(ExtractTable.class);

    CuratedFixture() {
        for (ExtractTable t : ExtractTable.values()) {
            rows.put(t, new ArrayList<>());
        }
    }

    /** The curated schema of a table: spec columns with their curated types, then {@code extract_date}. */
    static StructType schema(ExtractTable t) {
        List<StructField> fields = new ArrayList<>();
        for (ColumnSpec c : t.columns()) {
            fields.add(DataTypes.createStructField(c.name(), type(c), !c.required()));
        }
        fields.add(DataTypes.createStructField("extract_date", DataTypes.DateType, false));
        return DataTypes.createStructType(fields);
    }

    static DataType type(ColumnSpec c) {
        return switch (c.type()) {
            case STRING, CODE -> DataTypes.StringType;
            case DATE -> DataTypes.DateType;
            case NUMBER -> DataTypes.DoubleType;
            case INTEGER -> DataTypes.IntegerType;
        };
    }

    /** A new patient with the given patients.csv values (others null); child rows through the builder. */
    Patient patient(String id, Map<String, Object> values) {
        Map<String, Object> r = new HashMap<>(values);
        r.put("patient_id", id);
        rows.get(ExtractTable.PATIENTS).add(r);
        return new Patient(id, r);
    }

    final class Patient {
        final String id;
        private final Map<String, Object> row;

        private Patient(String id, Map<String, Object> row) {
            this.id = id;
            this.row = row;
        }

        /** Sets (or clears, with null) one patients.csv column. */
        Patient set(String column, Object value) {
            row.put(column, value);
            return this;
        }

        Patient lesion(String site, String measurable, String detected) {
            int n = (int) rows.get(ExtractTable.LESIONS).stream().filter(r -> id.equals(r.get("patient_id"))).count();
            return child(ExtractTable.LESIONS, "lesion_id", "L" + (n + 1), "site", site, "measurable", measurable,
                    "detected_date", detected);
        }

        Patient treatment(String drug, String start, String stop) {
            return child(ExtractTable.TREATMENTS, "drug", drug, "start_date", start, "stop_date", stop);
        }

        Patient procedure(String procedure, String date, String target) {
            return child(ExtractTable.PROCEDURES, "procedure", procedure, "procedure_date", date, "target", target);
        }

        Patient assessment(String date, String scope, String response) {
            return child(ExtractTable.ASSESSMENTS, "assessment_date", date, "scope", scope, "response", response);
        }

        Patient adverseEvent(String term, int grade, String onset, String action) {
            return child(ExtractTable.ADVERSE_EVENTS, "term", term, "grade", grade, "onset_date", onset,
                    "action", action);
        }

        private Patient child(ExtractTable t, Object... kv) {
            Map<String, Object> r = new HashMap<>();
            r.put("patient_id", id);
            for (int i = 0; i < kv.length; i += 2) {
                r.put((String) kv[i], kv[i + 1]);
            }
            rows.get(t).add(r);
            return this;
        }
    }

    Dataset<Row> table(SparkSession spark, ExtractTable t) {
        StructType schema = schema(t);
        List<Row> out = new ArrayList<>();
        for (Map<String, Object> r : rows.get(t)) {
            Object[] values = new Object[schema.size()];
            for (int i = 0; i < t.columns().size(); i++) {
                ColumnSpec c = t.columns().get(i);
                values[i] = convert(c, r.get(c.name()));
            }
            values[values.length - 1] = Date.valueOf(EXTRACT_DATE);
            out.add(RowFactory.create(values));
        }
        return spark.createDataFrame(out, schema);
    }

    private static Object convert(ColumnSpec c, Object v) {
        if (v == null) {
            return null;
        }
        return switch (c.type()) {
            case DATE -> Date.valueOf(v.toString());
            case NUMBER -> ((Number) v).doubleValue();
            case INTEGER -> ((Number) v).intValue();
            default -> v.toString();
        };
    }

    CuratedTables tables(SparkSession spark) {
        return new CuratedTables(table(spark, ExtractTable.PATIENTS), table(spark, ExtractTable.LESIONS),
                table(spark, ExtractTable.TREATMENTS), table(spark, ExtractTable.PROCEDURES),
                table(spark, ExtractTable.ASSESSMENTS), table(spark, ExtractTable.ADVERSE_EVENTS));
    }
}
