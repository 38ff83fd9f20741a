package io.rwe.ingest.omop;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import io.rwe.ingest.omop.OmopRecord.Problem;
import io.rwe.registry.ExtractTable;
import io.rwe.registry.OmopTable;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The Spark rows of the OMOP translation: every table's typed records in one shape
 * ({@link #RECORD}, the slots of {@link OmopRecord}), so that a person's records of every table are
 * grouped in one shuffle, and the translation's output ({@link #TRANSLATED}).
 */
final class OmopRows {
    /** The error struct of the field rules: reason, field, message (all nullable: errors made by queries are). */
    static final StructType ERROR = DataTypes.createStructType(List.of(
            DataTypes.createStructField("reason", DataTypes.StringType, true),
            DataTypes.createStructField("field", DataTypes.StringType, true),
            DataTypes.createStructField("message", DataTypes.StringType, true)));

    /** {@link OmopRecord} as a row. */
    static final StructType RECORD = DataTypes.createStructType(List.of(
            field("_table", DataTypes.IntegerType), field("_line", DataTypes.LongType), field("_at", DataTypes.LongType),
            field("_len", DataTypes.IntegerType), field("_error", ERROR), field("person_id", DataTypes.StringType),
            field("id", DataTypes.StringType), field("concept", DataTypes.StringType), field("date", DataTypes.DateType),
            field("end_date", DataTypes.DateType), field("number", DataTypes.DoubleType), field("count", DataTypes.IntegerType),
            field("month", DataTypes.IntegerType), field("day", DataTypes.IntegerType), field("value", DataTypes.StringType),
            field("event", DataTypes.StringType), field("event_field", DataTypes.StringType),
            field("text", DataTypes.StringType)));

    /** The most columns of an extract table (patients.csv). */
    static final int VALUES = java.util.Arrays.stream(ExtractTable.values()).mapToInt(t -> t.columns().size()).max().orElseThrow();

    /** {@link Translated} as a row: {@code _table} (null for a fate) and values {@code v0 …}. */
    static final StructType TRANSLATED;

    static {
        List<StructField> f = new ArrayList<>(List.of(field("_table", DataTypes.StringType), field("_line", DataTypes.LongType),
                field("_at", DataTypes.LongType), field("_len", DataTypes.IntegerType), field("_error", ERROR),
                field("_target", DataTypes.LongType), field("_patient", DataTypes.BooleanType)));
        for (int i = 0; i < VALUES; i++) {
            f.add(field("v" + i, DataTypes.StringType));
        }
        TRANSLATED = DataTypes.createStructType(f);
    }

    private OmopRows() {
    }

    private static StructField field(String name, DataType type) {
        return DataTypes.createStructField(name, type, true);
    }

    /**
     * The typed rows of a table (the field rules' schema of its columns) in the shape {@link #RECORD};
     * {@code centers}: for person rows, the column holding the center (the care site).
     */
    static Dataset<Row> records(OmopTable t, Dataset<Row> typed, Column center) {
        Map<String, Column> slots = switch (t) {
            case PERSON -> Map.of("id", col("person_id"), "concept", col("gender_concept_id"), "count", col("year_of_birth"),
                    "month", col("month_of_birth"), "day", col("day_of_birth"), "text", col("birth_datetime"), "value", center);
            case OBSERVATION_PERIOD -> Map.of("id", col("observation_period_id"), "date", col("observation_period_start_date"),
                    "end_date", col("observation_period_end_date"));
            case DEATH -> Map.of("date", col("death_date"));
            case CONDITION_OCCURRENCE -> Map.of("id", col("condition_occurrence_id"), "concept", col("condition_concept_id"),
                    "date", col("condition_start_date"));
            case DRUG_EXPOSURE -> Map.of("id", col("drug_exposure_id"), "concept", col("drug_concept_id"),
                    "date", col("drug_exposure_start_date"), "end_date", col("verbatim_end_date"), "text", col("sig"));
            case PROCEDURE_OCCURRENCE -> Map.of("id", col("procedure_occurrence_id"), "concept", col("procedure_concept_id"),
                    "date", col("procedure_date"));
            case MEASUREMENT -> Map.of("id", col("measurement_id"), "concept", col("measurement_concept_id"),
                    "date", col("measurement_date"), "number", col("value_as_number"), "value", col("value_as_concept_id"),
                    "event", col("measurement_event_id"), "event_field", col("meas_event_field_concept_id"));
            case OBSERVATION -> Map.of("id", col("observation_id"), "concept", col("observation_concept_id"),
                    "date", col("observation_date"), "number", col("value_as_number"), "value", col("value_as_concept_id"),
                    "event", col("observation_event_id"), "event_field", col("obs_event_field_concept_id"));
            case EPISODE -> Map.of("id", col("episode_id"), "concept", col("episode_concept_id"),
                    "date", col("episode_start_date"), "end_date", col("episode_end_date"), "count", col("episode_number"),
                    "value", col("episode_object_concept_id"));
            // episode_event: the episode's person, concept and number are joined on before (OmopDelivery)
            case EPISODE_EVENT -> Map.of("id", col("episode_id"), "concept", col("_episode_concept"),
                    "count", col("_episode_number"), "event", col("event_id"), "event_field", col("episode_event_field_concept_id"));
            case CARE_SITE -> throw new IllegalArgumentException("care_site gives no person record");
        };
        List<Column> out = new ArrayList<>();
        for (StructField f : RECORD.fields()) {
            Column c = switch (f.name()) {
                case "_table" -> lit(t.ordinal());
                case "_line", "_at", "_len", "_error", "person_id" -> col(f.name());
                default -> slots.getOrDefault(f.name(), lit(null));
            };
            out.add(c.cast(f.dataType()).as(f.name()));
        }
        return typed.select(out.toArray(new Column[0]));
    }

    /** A {@link #RECORD} row as a record. */
    static OmopRecord record(Row r) {
        Row e = r.getStruct(4);
        return new OmopRecord(OmopTable.values()[r.getInt(0)], r.getLong(1), r.getLong(2), r.getInt(3),
                e == null ? null : new Problem(e.getString(0), e.getString(1), e.getString(2)), r.getString(5),
                r.getString(6), r.getString(7), date(r.get(8)), date(r.get(9)), r.isNullAt(10) ? null : r.getDouble(10),
                r.isNullAt(11) ? null : r.getInt(11), r.isNullAt(12) ? null : r.getInt(12), r.isNullAt(13) ? null : r.getInt(13),
                r.getString(14), r.getString(15), r.getString(16), r.getString(17));
    }

    private static LocalDate date(Object o) {
        if (o == null) {
            return null;
        }
        return o instanceof LocalDate d ? d : ((java.sql.Date) o).toLocalDate();
    }

    /** A translation output as a {@link #TRANSLATED} row. */
    static Row row(Translated t) {
        Object[] v = new Object[TRANSLATED.size()];
        v[0] = t.table() == null ? null : t.table().tableName();
        v[1] = t.line();
        v[2] = t.at();
        v[3] = t.length();
        v[4] = t.problem() == null ? null : RowFactory.create(t.problem().reason(), t.problem().field(), t.problem().message());
        v[5] = t.target();
        v[6] = t.patient();
        if (t.values() != null) {
            System.arraycopy(t.values(), 0, v, 7, t.values().length);
        }
        return RowFactory.create(v);
    }
}
