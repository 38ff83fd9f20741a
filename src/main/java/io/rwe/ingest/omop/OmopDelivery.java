package io.rwe.ingest.omop;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.shiftright;
import static org.apache.spark.sql.functions.when;

import io.rwe.core.CollectedBytes;
import io.rwe.ingest.DeliveryFormat;
import io.rwe.ingest.DeliveryStage;
import io.rwe.ingest.ExtractAccounting;
import io.rwe.ingest.ExtractReader;
import io.rwe.ingest.FieldRules;
import io.rwe.ingest.FileAccounting;
import io.rwe.ingest.FileSnapshot;
import io.rwe.ingest.IngestSettings;
import io.rwe.ingest.KeyRules;
import io.rwe.ingest.PatientReference;
import io.rwe.ingest.QuarantineReason;
import io.rwe.ingest.RegistryMapping;
import io.rwe.ingest.Warehouse;
import io.rwe.registry.ExtractTable;
import io.rwe.registry.OmopMapping;
import io.rwe.registry.OmopTable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.spark.api.java.function.FlatMapGroupsFunction;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.storage.StorageLevel;

/**
 * Ingests one OMOP delivery (docs/omop.md) into a {@link DeliveryStage}, as an extract is ingested:
 *
 * <ol>
 *   <li>every file is read with its table's field rules ({@link OmopReader});</li>
 *   <li>the person's center is looked up in care_site, an episode_event's person and regimen in its
 *       episode;</li>
 *   <li>every person's records are grouped (one shuffle) and translated into rows of the six curated
 *       tables ({@link PersonTranslation});</li>
 *   <li>the extract format's rules are applied to those rows: field rules ({@link FieldRules}), key rules
 *       ({@link KeyRules}), then the patient reference ({@link PatientReference}); the accepted rows are
 *       staged;</li>
 *   <li>every record of every file gets its fate: the fate of the row it became, of the row it belongs
 *       to (a baseline fact, a modifier), or its own reason; the quarantined ones are staged with their
 *       file, line and raw text;</li>
 *   <li>per file, the records read must equal those accepted plus those quarantined (counted from the
 *       quarantine as written); strict mode; commit.</li>
 * </ol>
 *
 * Nothing but counts reaches the driver.
 */
final class OmopDelivery implements DeliveryFormat.Delivery {
    private final LocalDate date;
    private final Path folder;
    private final List<OmopInput> inputs;
    private final OmopMapping mapping;
    private final String studyDrug;

    OmopDelivery(LocalDate date, Path folder, List<OmopInput> inputs, OmopMapping mapping, String studyDrug) {
        this.date = date;
        this.folder = folder;
        this.inputs = List.copyOf(inputs);
        this.mapping = mapping;
        this.studyDrug = studyDrug;
    }

    @Override
    public List<Path> files() {
        return inputs.stream().map(OmopInput::path).toList();
    }

    @Override
    public List<io.rwe.ingest.CsvHeader> csvFiles() {
        return inputs.stream().filter(OmopInput::isCsv).map(OmopInput::csv).toList();
    }

    @Override
    public Map<Path, FileSnapshot> snapshots() {
        Map<Path, FileSnapshot> out = new LinkedHashMap<>();
        inputs.forEach(in -> out.put(in.path(), in.snapshot()));
        return out;
    }

    @Override
    public ExtractAccounting ingest(SparkSession spark, IngestSettings settings, Warehouse wh,
                                    Map<Path, ExtractReader.Survey> surveys, ExtractReader reader,
                                    Consumer<ExtractAccounting> beforeCommit) {
        DeliveryStage stage = new DeliveryStage(spark, wh, date);
        spark.sparkContext().setJobDescription("ingest " + date + " (omop)");
        Map<Integer, OmopReader.Read> reads = new HashMap<>();
        Map<OmopTable, List<Dataset<Row>>> byTable = new EnumMap<>(OmopTable.class);
        for (OmopInput in : inputs) {
            OmopReader.Read r = OmopReader.read(spark, in, date, surveys, reader);
            reads.put(in.index(), r);
            byTable.computeIfAbsent(in.table(), k -> new ArrayList<>()).add(r.rows());
        }
        List<Dataset<Row>> fates = new ArrayList<>();
        List<Dataset<Row>> records = new ArrayList<>();

        // care_site: each person's center (care_site_source_value, else the care_site_id)
        Column center = col("care_site_id");
        Dataset<Row> persons = table(spark, byTable, OmopTable.PERSON);
        if (byTable.containsKey(OmopTable.CARE_SITE)) {
            Dataset<Row> sites = table(spark, byTable, OmopTable.CARE_SITE);
            Dataset<Row> centers = careSites(sites, fates);
            persons = persons.join(centers.hint("shuffle_hash"), persons.col("care_site_id").equalTo(centers.col("_cs")), "left")
                    .drop("_cs");
            center = coalesce(col("_center"), col("care_site_id"));
        }
        records.add(OmopRows.records(OmopTable.PERSON, persons, center));
        for (OmopTable t : List.of(OmopTable.OBSERVATION_PERIOD, OmopTable.DEATH, OmopTable.CONDITION_OCCURRENCE,
                OmopTable.DRUG_EXPOSURE, OmopTable.PROCEDURE_OCCURRENCE, OmopTable.MEASUREMENT, OmopTable.OBSERVATION,
                OmopTable.EPISODE)) {
            if (byTable.containsKey(t)) {
                records.add(OmopRows.records(t, table(spark, byTable, t), null));
            }
        }
        if (byTable.containsKey(OmopTable.EPISODE_EVENT)) {
            records.add(OmopRows.records(OmopTable.EPISODE_EVENT, episodeEvents(spark, byTable), null));
        }
        Dataset<Row> all = records.get(0);
        for (int i = 1; i < records.size(); i++) {
            all = all.union(records.get(i));
        }
        // a record naming no person (its person_id missing, or an episode_event of no episode) has its own error
        fates.add(all.filter(col("person_id").isNull()).select(col("_line"), col("_at"), col("_len"), col("_error")));

        PersonTranslation translation = new PersonTranslation(mapping, studyDrug, Lines.names(inputs));
        // The translation is written to the staging area and read back, rather than cached: every query
        // after it (the rules on each table, the writes, the records' fates) then starts from a Parquet
        // scan, so that a task no longer carries the plan of every file's reading and of the translation
        // (about 200 KiB compressed per stage, deserialised by every task; docs/omop.md). The folder goes with the
        // staging area when the delivery is committed.
        Path translatedRows = stage.work("translated");
        all.filter(col("person_id").isNotNull())
                .groupByKey((MapFunction<Row, String>) r -> r.getString(5), Encoders.STRING())
                .flatMapGroups((FlatMapGroupsFunction<String, Row, Row>) (person, rows) -> {
                    List<OmopRecord> rs = new ArrayList<>();
                    rows.forEachRemaining(r -> rs.add(OmopRows.record(r)));
                    return translation.translate(rs).stream().map(OmopRows::row).iterator();
                }, Encoders.row(OmopRows.TRANSLATED))
                .write().parquet(translatedRows.toString());
        Dataset<Row> translated = spark.read().schema(OmopRows.TRANSLATED).parquet(translatedRows.toString());

        // The extract format's rules on the rows, patients first.
        KeyRules.LineNames names = Lines.names(inputs);
        Map<ExtractTable, Dataset<Row>> classified = new EnumMap<>(ExtractTable.class);
        Dataset<Row> patients = KeyRules.apply(checked(spark, translated, ExtractTable.PATIENTS), ExtractTable.PATIENTS, names)
                .persist(StorageLevel.MEMORY_AND_DISK());
        classified.put(ExtractTable.PATIENTS, patients);
        Dataset<Row> status = PatientReference.patientStatus(patients).persist(StorageLevel.MEMORY_AND_DISK());
        for (ExtractTable t : ExtractTable.values()) {
            if (t != ExtractTable.PATIENTS) {
                Dataset<Row> attached = PatientReference.attach(checked(spark, translated, t), status);
                classified.put(t, PatientReference.apply(KeyRules.apply(attached, t, names), "the person table",
                        "this delivery").persist(StorageLevel.MEMORY_AND_DISK()));
            }
        }
        Dataset<Row> targets = null;
        for (ExtractTable t : ExtractTable.values()) {
            Dataset<Row> c = classified.get(t);
            stage.writeAccepted(c.withColumn("_line", col("_line").bitwiseAND(Lines.MASK)), t);
            fates.add(c.select(col("_line"), col("_at"), col("_len"), col("_error")));
            Dataset<Row> tt = c.select(col("_line").as("_t"), col("_error").isNotNull().as("_rejected"));
            targets = targets == null ? tt : targets.union(tt);
        }

        // Records that make no row: on their own, or with the row they belong to.
        Dataset<Row> alone = translated.filter(col("_table").isNull());
        fates.add(alone.filter(col("_target").lt(0)).select(col("_line"), col("_at"), col("_len"), col("_error")));
        Dataset<Row> dependent = alone.filter(col("_target").geq(0));
        Dataset<Row> joined = dependent.join(targets.hint("shuffle_hash"), dependent.col("_target").equalTo(col("_t")), "left");
        Column belongsTo = concat(lit("the "), when(col("_patient"), lit("patients row")).otherwise(lit("record")),
                lit(" it belongs to ("), name(col("_target")), lit(") is quarantined"));
        fates.add(joined.select(col("_line"), col("_at"), col("_len"),
                when(col("_rejected").isNull(), FieldRules.error(QuarantineReason.UNKNOWN_RECORD, null,
                        concat(lit("the row it belongs to ("), name(col("_target")), lit(") is not in this delivery"))))
                        .when(col("_rejected").and(col("_patient")), FieldRules.error(QuarantineReason.REJECTED_PATIENT,
                                "person_id", belongsTo))
                        .when(col("_rejected"), FieldRules.error(QuarantineReason.REJECTED_RECORD, null, belongsTo))
                        .as("_error")));

        Dataset<Row> fate = fates.get(0);
        for (int i = 1; i < fates.size(); i++) {
            fate = fate.union(fates.get(i));
        }
        fate = fate.withColumn("_file", shiftright(col("_line"), Lines.BITS).cast(DataTypes.IntegerType))
                .persist(StorageLevel.MEMORY_AND_DISK());

        // Per file: accepted records, and the quarantined ones staged with their raw text.
        Map<Integer, Long> accepted = new HashMap<>();
        Map<Integer, Long> quarantined = new HashMap<>();
        for (Row r : CollectedBytes.collect(fate.groupBy(col("_file"), col("_error").isNull().as("_ok")).count())) {
            (r.getBoolean(1) ? accepted : quarantined).put(r.getInt(0), r.getLong(2));
        }
        Column extractDate = lit(java.sql.Date.valueOf(date));
        for (OmopInput in : inputs) {
            if (quarantined.getOrDefault(in.index(), 0L) == 0) {
                continue;
            }
            Dataset<Row> q = fate.filter(col("_file").equalTo(in.index()).and(col("_error").isNotNull()));
            if (!in.isCsv()) {
                Dataset<Row> raw = OmopReader.parquetRaw(spark, in);
                q = q.join(raw.hint("shuffle_hash"), q.col("_line").equalTo(raw.col("_raw_line")), "left");
            }
            stage.quarantine(q.select(extractDate.as("extract_date"), lit(in.name()).as("file"),
                    col("_line").bitwiseAND(Lines.MASK).as("line"), coalesce(OmopReader.raw(in), lit("")).as("raw"),
                    col("_error.reason").as("reason"), col("_error.field").as("field"), col("_error.message").as("message")));
        }
        Map<String, Map<String, Long>> byFileReason = stage.quarantineCounts(quarantined.isEmpty());
        List<FileAccounting> accounts = new ArrayList<>();
        for (OmopInput in : inputs) {
            Map<String, Long> reasons = DeliveryStage.reasons(byFileReason, in.name());
            long q = reasons.values().stream().mapToLong(Long::longValue).sum();
            accounts.add(new FileAccounting(in.name(), reads.get(in.index()).rowsRead().getAsLong(),
                    accepted.getOrDefault(in.index(), 0L), q, surveys.get(in.path()).sha256(), size(in.path()),
                    in.isCsv() ? in.csv().unknownColumns() : List.of(), reasons));
        }
        fate.unpersist();
        status.unpersist();
        classified.values().forEach(Dataset::unpersist);
        spark.sparkContext().setJobDescription(null);
        ExtractAccounting accounting = new ExtractAccounting(date, "omop", accounts);
        stage.strict(settings, accounting, folder);
        stage.commit(accounting, beforeCommit);
        return accounting;
    }

    /** The typed records of every file of table {@code t} (one Dataset). */
    private static Dataset<Row> table(SparkSession spark, Map<OmopTable, List<Dataset<Row>>> byTable, OmopTable t) {
        List<Dataset<Row>> parts = byTable.get(t);
        Dataset<Row> d = parts.get(0);
        for (int i = 1; i < parts.size(); i++) {
            d = d.union(parts.get(i));
        }
        return d;
    }

    /**
     * The care sites, one per care_site_id ({@code _cs}, {@code _center}); the records' fates go to
     * {@code fates}: two records of one id that differ are both {@code conflicting_key} (the persons'
     * center is then the id), identical ones keep the first.
     */
    private static Dataset<Row> careSites(Dataset<Row> sites, List<Dataset<Row>> fates) {
        fates.add(sites.filter(col("_error").isNotNull()).select(col("_line"), col("_at"), col("_len"), col("_error")));
        WindowSpec w = Window.partitionBy(col("care_site_id"));
        Column label = coalesce(col("care_site_source_value"), col("care_site_id"));
        Dataset<Row> ranked = sites.filter(col("_error").isNull())
                .withColumn("_lo", min(label).over(w)).withColumn("_hi", max(label).over(w))
                .withColumn("_first", min(col("_line")).over(w));
        fates.add(ranked.select(col("_line"), col("_at"), col("_len"),
                when(col("_lo").notEqual(col("_hi")), FieldRules.error(QuarantineReason.CONFLICTING_KEY, "care_site_id",
                        concat(lit("care_site_id: care site "), col("care_site_id"), lit(" has records that differ"))))
                        .when(col("_line").notEqual(col("_first")), FieldRules.error(QuarantineReason.DUPLICATE_ROW,
                                "care_site_id", concat(lit("care_site_id: care site "), col("care_site_id"),
                                        lit(" is identical to an earlier record, which is kept"))))
                        .as("_error")));
        return ranked.filter(col("_lo").equalTo(col("_hi")).and(col("_line").equalTo(col("_first"))))
                .select(col("care_site_id").as("_cs"), label.as("_center"));
    }

    /**
     * The episode_event records with their episode's person, concept and number; one naming no episode
     * of this delivery has no person and is {@code unknown_record}.
     */
    private Dataset<Row> episodeEvents(SparkSession spark, Map<OmopTable, List<Dataset<Row>>> byTable) {
        Dataset<Row> events = table(spark, byTable, OmopTable.EPISODE_EVENT);
        Dataset<Row> episodes = byTable.containsKey(OmopTable.EPISODE)
                ? table(spark, byTable, OmopTable.EPISODE).filter(col("_error").isNull())
                .groupBy(col("episode_id").as("_episode"))
                .agg(min("person_id").as("person_id"), min("episode_concept_id").as("_episode_concept"),
                        min("episode_number").as("_episode_number"))
                : spark.createDataFrame(List.<Row>of(), DataTypes.createStructType(List.of(
                DataTypes.createStructField("_episode", DataTypes.StringType, true),
                DataTypes.createStructField("person_id", DataTypes.StringType, true),
                DataTypes.createStructField("_episode_concept", DataTypes.StringType, true),
                DataTypes.createStructField("_episode_number", DataTypes.IntegerType, true))));
        Dataset<Row> joined = events.join(episodes.hint("shuffle_hash"), events.col("episode_id").equalTo(episodes.col("_episode")),
                "left");
        return joined.withColumn("_error", when(col("_error").isNotNull(), col("_error"))
                .when(col("_episode").isNull(), FieldRules.error(QuarantineReason.UNKNOWN_RECORD, "episode_id",
                        concat(lit("episode_id: no episode "), col("episode_id"), lit(" in this delivery"))))
                .otherwise(lit(null).cast(OmopRows.ERROR)))
                .withColumn("person_id", when(col("_episode").isNull(), lit(null).cast(DataTypes.StringType))
                        .otherwise(col("person_id")));
    }

    /** The rows of curated table {@code t} the translation made, with the extract format's field rules applied. */
    private Dataset<Row> checked(SparkSession spark, Dataset<Row> translated, ExtractTable t) {
        int n = t.columns().size();
        FieldRules rules = new FieldRules(t, RegistryMapping.spec(), date);
        List<Column> cols = new ArrayList<>(List.of(col("_line"), col("_at"), col("_len"), col("_error")));
        for (int i = 0; i < n; i++) {
            cols.add(col("v" + i));
        }
        Dataset<Row> rows = translated.filter(col("_table").equalTo(t.tableName())).select(cols.toArray(new Column[0]));
        return spark.createDataFrame(rows.javaRDD().map(r -> {
            String[] values = new String[n];
            for (int i = 0; i < n; i++) {
                values[i] = r.isNullAt(4 + i) ? null : r.getString(4 + i);
            }
            Row typed = rules.row(r.getLong(0), r.getLong(1), r.getInt(2), null, values);
            if (r.isNullAt(3)) {
                return typed;
            }
            Object[] v = new Object[typed.size()];
            for (int i = 0; i < v.length; i++) {
                v[i] = typed.get(i);
            }
            v[v.length - 1] = r.getStruct(3);   // the translation's problem comes first
            return RowFactory.create(v);
        }), FieldRules.schema(t));
    }

    /** {@code measurement.csv line 12}, for a {@link Lines} number column. */
    private Column name(Column composite) {
        List<Column> kv = new ArrayList<>();
        for (OmopInput in : inputs) {
            kv.add(lit(in.index()));
            kv.add(lit(in.name()));
        }
        Column file = org.apache.spark.sql.functions.try_element_at(org.apache.spark.sql.functions.map(kv.toArray(new Column[0])),
                shiftright(composite, Lines.BITS).cast(DataTypes.IntegerType));
        return concat(file, lit(" line "), composite.bitwiseAND(Lines.MASK).cast(DataTypes.StringType));
    }

    private static long size(Path p) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + p, e);
        }
    }
}
