package io.rwe.synth;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.dayofmonth;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.month;
import static org.apache.spark.sql.functions.pmod;
import static org.apache.spark.sql.functions.to_date;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.xxhash64;
import static org.apache.spark.sql.functions.year;

import io.rwe.core.UsageException;
import io.rwe.registry.ExtractTable;
import io.rwe.registry.OmopMapping;
import io.rwe.registry.OmopMapping.ConceptCodes;
import io.rwe.registry.OmopMapping.Modifier;
import io.rwe.run.AtomicFiles;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;

/**
 * An extract in the extract format (a dated folder of the six CSV files) rendered as the OMOP CDM v5.4
 * tables the {@code omop} input model reads (docs/omop.md, "Generated registries"), each fact under the
 * first concept of its concept set in conf/omop.conf; ingesting the rendering gives the extract's
 * curated rows back. Runs on the Spark executors; the driver only joins each table's part files behind
 * one header.
 *
 * <ul>
 *   <li>patients → person (person_id: a 62-bit hash of the patient_id, which is kept as
 *       person_source_value), care_site (one per center), observation_period (from the HCC diagnosis,
 *       or the last contact, to the last contact), death, a Disease First Occurrence episode at the
 *       diagnosis, the baseline facts as measurement or observation records dated on the first start of
 *       the study drug (the last contact when there is none), a withdrawal observation;</li>
 *   <li>lesions → condition_occurrence + a measurability measurement naming it;</li>
 *   <li>treatments → drug_exposure (verbatim_end_date the stop date, sig "dose mg schedule") + a
 *       Treatment Regimen episode numbered by the line, linked by episode_event;</li>
 *   <li>procedures → procedure_occurrence; assessments → a response measurement, a PD → a Disease
 *       Progression episode; adverse events → condition_occurrence + grade and action measurements.</li>
 * </ul>
 * Type concepts, race and ethnicity, which the study does not read, are 0 ("no matching concept").
 */
public final class OmopRendering {
    /** Record ids: a table fed by several kinds of rows gives each its own residue modulo this. */
    private static final long KINDS = 32;

    private final SparkSession spark;
    private final OmopMapping m;
    private final String studyDrug;

    /** @param studyDrug the study drug (rwe.study.drug): the baseline facts are dated on its first start */
    public OmopRendering(SparkSession spark, OmopMapping m, String studyDrug) {
        this.spark = spark;
        this.m = m;
        this.studyDrug = studyDrug;
    }

    /**
     * Renders every extract folder of {@code extracts} as an OMOP delivery of the same name under
     * {@code out}, then removes {@code scratch}, where they were written, moving the files of truth it
     * holds ({@code .truth/}, {@link SeriesFolder}) to {@code out}. Returns the delivery folders.
     */
    public List<Path> renderAll(List<Path> extracts, Path scratch, Path out) {
        List<Path> written = new ArrayList<>();
        for (Path x : extracts) {
            Path target = out.resolve(x.getFileName().toString());
            render(x, target);
            written.add(target);
        }
        Path truth = scratch.resolve(SeriesFolder.TRUTH);
        if (Files.isDirectory(truth)) {
            AtomicFiles.delete(out.resolve(SeriesFolder.TRUTH));
            AtomicFiles.move(truth, out.resolve(SeriesFolder.TRUTH));
        }
        AtomicFiles.delete(scratch);
        return written;
    }

    /** Renders the extract folder {@code extract} as OMOP tables in {@code target} (replaced atomically). */
    public void render(Path extract, Path target) {
        Path staging = target.resolveSibling("." + target.getFileName() + ".omop.tmp");
        AtomicFiles.delete(staging);
        List<Dataset<Row>> cached = new ArrayList<>();
        Map<String, Dataset<Row>> tables = tables(extract, cached);
        for (Map.Entry<String, Dataset<Row>> e : tables.entrySet()) {
            writeCsv(e.getValue(), staging, e.getKey());
        }
        cached.forEach(Dataset::unpersist);
        AtomicFiles.delete(target);
        AtomicFiles.move(staging, target);
    }

    /**
     * {@code d} with {@code _n}: each row's position (0, 1, ...) in the order of {@code t}'s key columns,
     * then its other columns, as strings. Record ids are made from it, so they depend on the extract's
     * rows alone, not on how Spark split the files or how many partitions its shuffles have.
     */
    private Dataset<Row> ranked(Dataset<Row> d, ExtractTable t) {
        List<Column> order = new ArrayList<>();
        t.key().forEach(k -> order.add(col(k)));
        for (String c : d.columns()) {
            if (!t.key().contains(c)) {
                order.add(col(c));
            }
        }
        int width = d.columns().length;
        JavaRDD<Row> rows = d.sort(order.toArray(new Column[0])).toJavaRDD().zipWithIndex().map(r -> {
            Object[] v = new Object[width + 1];
            for (int i = 0; i < width; i++) {
                v[i] = r._1().get(i);
            }
            v[width] = r._2();
            return RowFactory.create(v);
        });
        return spark.createDataFrame(rows, d.schema().add("_n", DataTypes.LongType, false));
    }

    private Dataset<Row> read(Path extract, ExtractTable t) {
        return spark.read().option("header", "true").option("escape", "\"").option("inferSchema", "false")
                .csv(extract.resolve(t.fileName()).toString());
    }

    /**
     * The OMOP tables of one extract, by table name; the rows given ids are cached (into {@code cached})
     * so that every table referring to them sees the same ids, and each file is read, sorted and numbered
     * once (the tables read the patients' rows a dozen times).
     */
    Map<String, Dataset<Row>> tables(Path extract, List<Dataset<Row>> cached) {
        // Each file read, sorted and numbered once (cached): the tables below read these several times each.
        Dataset<Row> patients = cache(ranked(read(extract, ExtractTable.PATIENTS), ExtractTable.PATIENTS), cached);
        Dataset<Row> lesions = cache(ranked(read(extract, ExtractTable.LESIONS), ExtractTable.LESIONS), cached);
        Dataset<Row> treatments = cache(ranked(read(extract, ExtractTable.TREATMENTS), ExtractTable.TREATMENTS), cached);
        Dataset<Row> procedures = ranked(read(extract, ExtractTable.PROCEDURES), ExtractTable.PROCEDURES);
        Dataset<Row> assessments = cache(ranked(read(extract, ExtractTable.ASSESSMENTS), ExtractTable.ASSESSMENTS), cached);
        Dataset<Row> events = cache(ranked(read(extract, ExtractTable.ADVERSE_EVENTS), ExtractTable.ADVERSE_EVENTS), cached);
        Map<String, Dataset<Row>> out = new LinkedHashMap<>();

        Column person = personId(col("patient_id"));
        Dataset<Row> anchors = treatments.filter(col("drug").equalTo(lit(studyDrug == null ? "" : studyDrug)))
                .groupBy(col("patient_id").as("_pid")).agg(min(to_date(col("start_date"))).as("_anchor"));
        Dataset<Row> p = cache(patients.join(anchors.hint("shuffle_hash"), patients.col("patient_id").equalTo(anchors.col("_pid")),
                "left").withColumn("_birth", to_date(col("birth_date")))
                .withColumn("_baseline", coalesce(col("_anchor"), to_date(col("last_contact_date")))), cached);

        out.put("person", p.select(person.as("person_id"), concept(m.sex(), col("sex"), "sex").as("gender_concept_id"),
                year(col("_birth")).as("year_of_birth"), month(col("_birth")).as("month_of_birth"),
                dayofmonth(col("_birth")).as("day_of_birth"), lit(0).as("race_concept_id"), lit(0).as("ethnicity_concept_id"),
                careSiteId(col("center_id")).as("care_site_id"), col("patient_id").as("person_source_value"),
                col("sex").as("gender_source_value")));
        out.put("care_site", patients.select(col("center_id")).distinct().orderBy(col("center_id"))
                .select(careSiteId(col("center_id")).as("care_site_id"), col("center_id").as("care_site_name"),
                        col("center_id").as("care_site_source_value")));
        out.put("observation_period", patients.select(recordId(0).as("observation_period_id"), person.as("person_id"),
                least(coalesce(col("hcc_diagnosis_date"), col("last_contact_date")), col("last_contact_date"))
                        .as("observation_period_start_date"),
                col("last_contact_date").as("observation_period_end_date"), lit(0).as("period_type_concept_id")));
        out.put("death", patients.filter(col("death_date").isNotNull()).select(person.as("person_id"),
                col("death_date"), lit(0).as("death_type_concept_id")));

        // condition_occurrence: lesions (kind 1) and adverse events (kind 2)
        Dataset<Row> l = lesions.withColumn("_id", recordId(1));
        Dataset<Row> e = events.withColumn("_id", recordId(2));
        out.put("condition_occurrence", l.select(col("_id").as("condition_occurrence_id"), person.as("person_id"),
                        concept(m.lesionSites(), col("site"), "lesions.sites").as("condition_concept_id"),
                        col("detected_date").as("condition_start_date"), lit(0).as("condition_type_concept_id"),
                        col("lesion_id").as("condition_source_value"))
                .union(e.select(col("_id"), person, concept(m.adverseEventTerms(), col("term"), "adverse-events.terms"),
                        col("onset_date"), lit(0), col("term"))));

        // measurement and observation: baseline facts, modifiers, responses
        String conditionField = m.conditionFields().isEmpty() ? "0" : m.conditionFields().get(0);
        List<Dataset<Row>> measurements = new ArrayList<>();
        List<Dataset<Row>> observations = new ArrayList<>();
        int kind = 3;
        for (OmopMapping.BaselineFact b : m.baseline()) {
            Dataset<Row> rows = p.filter(col(b.column()).isNotNull()).select(recordId(kind++).as("_id"), person.as("person_id"),
                    lit(first(b.source(), "baseline." + b.column())).as("_concept"), col("_baseline").as("_date"),
                    number(b.source(), col(b.column())).as("_number"), valueConcept(b.source(), col(b.column()),
                            "baseline." + b.column()).as("_value"), lit(null).cast(DataTypes.StringType).as("_event"),
                    lit(null).cast(DataTypes.StringType).as("_field"));
            (b.source().table() == io.rwe.registry.OmopTable.MEASUREMENT ? measurements : observations).add(rows);
        }
        if (!m.withdrawal().concepts().isEmpty()) {
            Dataset<Row> w = p.filter(col("withdrawn").equalTo("Y")).select(recordId(kind++).as("_id"), person.as("person_id"),
                    lit(m.withdrawal().concepts().get(0)).as("_concept"), col("last_contact_date").as("_date"),
                    lit(null).cast(DataTypes.DoubleType).as("_number"), lit(null).cast(DataTypes.StringType).as("_value"),
                    lit(null).cast(DataTypes.StringType).as("_event"), lit(null).cast(DataTypes.StringType).as("_field"));
            (m.withdrawal().table() == io.rwe.registry.OmopTable.MEASUREMENT ? measurements : observations).add(w);
        }
        addModifier(l, "measurable", m.measurable(), "lesions.measurable", col("detected_date"), conditionField,
                kind++, measurements, observations);
        addModifier(e, "grade", m.grade(), "adverse-events.grade", col("onset_date"), conditionField, kind++,
                measurements, observations);
        addModifier(e, "action", m.action(), "adverse-events.action", col("onset_date"), conditionField, kind++,
                measurements, observations);
        boolean pdAsEpisode = !m.progressionEpisodes().isEmpty();
        Column asEpisode = pdAsEpisode
                ? col("response").equalTo("PD").and(concept(m.progressionObjects(), col("scope"), null).isNotNull())
                : lit(false);
        Dataset<Row> a = assessments.withColumn("_id", recordId(kind++));
        measurements.add(a.filter(org.apache.spark.sql.functions.not(asEpisode)).select(col("_id"), person.as("person_id"),
                concept(m.scopes(), col("scope"), "assessments.scopes").as("_concept"), col("assessment_date").as("_date"),
                lit(null).cast(DataTypes.DoubleType).as("_number"),
                concept(m.responses(), col("response"), "assessments.responses").as("_value"),
                lit(null).cast(DataTypes.StringType).as("_event"), lit(null).cast(DataTypes.StringType).as("_field")));
        out.put("measurement", facts(measurements, "measurement", "meas_event_field_concept_id"));
        out.put("observation", facts(observations, "observation", "obs_event_field_concept_id"));

        Dataset<Row> t = treatments.withColumn("_id", recordId(1));
        Column sig = concat_ws(" ", when(col("dose_mg").isNotNull(), concat(col("dose_mg"), lit(" mg"))), col("schedule"));
        out.put("drug_exposure", t.select(col("_id").as("drug_exposure_id"), person.as("person_id"),
                concept(m.drugs(), col("drug"), "treatments.drugs").as("drug_concept_id"),
                col("start_date").as("drug_exposure_start_date"),
                coalesce(col("stop_date"), col("start_date")).as("drug_exposure_end_date"),
                col("stop_date").as("verbatim_end_date"), lit(0).as("drug_type_concept_id"),
                when(sig.equalTo(""), lit(null)).otherwise(sig).as("sig")));
        out.put("procedure_occurrence", procedures.select(recordId(1).as("procedure_occurrence_id"), person.as("person_id"),
                concept(m.procedures(), concat(col("procedure"), lit("/"), col("target")), "procedures").as("procedure_concept_id"),
                col("procedure_date"), lit(0).as("procedure_type_concept_id")));

        // episodes: the diagnosis (kind 1), regimens (kind 2), progressions (kind 3)
        List<Dataset<Row>> episodes = new ArrayList<>();
        if (!m.diagnosisEpisodes().isEmpty() && !m.diagnosisObjects().isEmpty()) {
            episodes.add(patients.filter(col("hcc_diagnosis_date").isNotNull()).select(recordId(1).as("episode_id"),
                    person.as("person_id"), lit(m.diagnosisEpisodes().get(0)).as("episode_concept_id"),
                    col("hcc_diagnosis_date").as("episode_start_date"), lit(null).cast(DataTypes.StringType).as("episode_end_date"),
                    lit(null).cast(DataTypes.StringType).as("episode_number"),
                    lit(m.diagnosisObjects().get(0)).as("episode_object_concept_id")));
        }
        Dataset<Row> regimens = t.filter(col("line").isNotNull()).withColumn("_episode", col("_id").plus(1));
        if (!m.regimenEpisodes().isEmpty()) {
            episodes.add(regimens.select(col("_episode").as("episode_id"), person.as("person_id"),
                    lit(m.regimenEpisodes().get(0)).as("episode_concept_id"), col("start_date").as("episode_start_date"),
                    col("stop_date").as("episode_end_date"), col("line").as("episode_number"),
                    concept(m.drugs(), col("drug"), "treatments.drugs").as("episode_object_concept_id")));
            String drugField = m.drugExposureFields().isEmpty() ? "0" : m.drugExposureFields().get(0);
            out.put("episode_event", regimens.select(col("_episode").as("episode_id"), col("_id").as("event_id"),
                    lit(drugField).as("episode_event_field_concept_id")));
        }
        if (pdAsEpisode) {
            episodes.add(a.filter(asEpisode).select(col("_id").plus(2).as("episode_id"), person.as("person_id"),
                    lit(m.progressionEpisodes().get(0)).as("episode_concept_id"), col("assessment_date").as("episode_start_date"),
                    lit(null).cast(DataTypes.StringType).as("episode_end_date"), lit(null).cast(DataTypes.StringType).as("episode_number"),
                    concept(m.progressionObjects(), col("scope"), "assessments.progression-objects").as("episode_object_concept_id")));
        }
        if (!episodes.isEmpty()) {
            Dataset<Row> ep = episodes.get(0);
            for (int i = 1; i < episodes.size(); i++) {
                ep = ep.union(episodes.get(i));
            }
            out.put("episode", ep.withColumn("episode_type_concept_id", lit(0)));
        }
        return out;
    }

    private static Dataset<Row> cache(Dataset<Row> d, List<Dataset<Row>> cached) {
        cached.add(d.persist(org.apache.spark.storage.StorageLevel.MEMORY_AND_DISK()));
        return d;
    }

    /** A modifier measurement (or observation) of each row of {@code rows} that has a value in {@code column}. */
    private void addModifier(Dataset<Row> rows, String column, Modifier mod, String where, Column date, String field,
                             int kind, List<Dataset<Row>> measurements, List<Dataset<Row>> observations) {
        if (mod.concepts().isEmpty()) {
            return;
        }
        Dataset<Row> d = rows.filter(col(column).isNotNull()).select(col("_id").multiply(lit(KINDS)).plus(lit(kind)).as("_mid"),
                personId(col("patient_id")).as("person_id"), lit(mod.concepts().get(0)).as("_concept"), date.as("_date"),
                number(mod, col(column)).as("_number"), valueConcept(mod, col(column), where).as("_value"),
                col("_id").cast(DataTypes.StringType).as("_event"), lit(field).as("_field")).withColumnRenamed("_mid", "_id");
        (mod.table() == io.rwe.registry.OmopTable.MEASUREMENT ? measurements : observations).add(d);
    }

    /** The measurement or observation table from the fact rows ({@code _id, person_id, _concept, _date, …}). */
    private static Dataset<Row> facts(List<Dataset<Row>> rows, String table, String fieldColumn) {
        if (rows.isEmpty()) {
            return null;
        }
        Dataset<Row> d = rows.get(0);
        for (int i = 1; i < rows.size(); i++) {
            d = d.union(rows.get(i));
        }
        return d.select(col("_id").as(table + "_id"), col("person_id"), col("_concept").as(table + "_concept_id"),
                col("_date").as(table + "_date"), lit(0).as(table + "_type_concept_id"), col("_number").as("value_as_number"),
                col("_value").as("value_as_concept_id"), col("_event").as(table + "_event_id"),
                col("_field").as(fieldColumn));
    }

    /**
     * A record id unique within its table: the row's position in its extract file's order ({@code _n}, see
     * {@link #ranked}) times {@link #KINDS} plus the kind of row.
     */
    private static Column recordId(int kind) {
        if (kind >= KINDS - 2) {
            throw new IllegalStateException("too many kinds of records for one table: " + kind);
        }
        return col("_n").multiply(lit(KINDS)).plus(lit(kind));
    }

    /** person_id: a positive 62-bit hash of the patient_id (stable across nightly extracts). */
    public static Column personId(Column patientId) {
        return pmod(xxhash64(patientId), lit(1L << 62)).plus(lit(1L));
    }

    private static Column careSiteId(Column center) {
        return pmod(xxhash64(center), lit(1L << 31)).plus(lit(1L));
    }

    /** The first concept of the set of each code, as a column (null for a null code; a code with no concept fails). */
    private static Column concept(ConceptCodes codes, Column code, String where) {
        Column c = lit(null).cast(DataTypes.StringType);
        for (Map.Entry<String, List<String>> e : codes.byCode().entrySet()) {
            if (!e.getValue().isEmpty()) {
                c = when(code.equalTo(lit(e.getKey())), lit(e.getValue().get(0))).otherwise(c);
            }
        }
        if (where == null) {
            return c;
        }
        return when(code.isNotNull().and(c.isNull()), org.apache.spark.sql.functions.raise_error(
                concat(lit("rwe.omop." + where + " has no concept for '"), code, lit("'")))).otherwise(c);
    }

    private static String first(Modifier mod, String where) {
        if (mod.concepts().isEmpty()) {
            throw new UsageException("configuration: rwe.omop." + where + ".concepts is empty");
        }
        return mod.concepts().get(0);
    }

    private static Column number(Modifier mod, Column value) {
        return mod.numeric() ? value.cast(DataTypes.DoubleType) : lit(null).cast(DataTypes.DoubleType);
    }

    private static Column valueConcept(Modifier mod, Column value, String where) {
        return mod.numeric() ? lit(null).cast(DataTypes.StringType) : concept(mod.values(), value, where + ".values");
    }

    /**
     * Writes {@code d} as {@code <folder>/<table>.csv}: UTF-8, comma-separated, quotes doubled, a header
     * row; the executors write part files, which are then joined in order behind the header.
     */
    private void writeCsv(Dataset<Row> d, Path folder, String table) {
        if (d == null) {
            return;
        }
        Path parts = folder.resolve("_" + table + ".parts");
        // in the order of the first column (each table's id, or person_id), unique in every table: the file's
        // bytes then do not depend on the partitioning of the joins and unions that made the rows
        d.sort(col(d.columns()[0])).write().option("header", "false").option("escape", "\"").option("quoteAll", "false").option("nullValue", "")
                .option("emptyValue", "\"\"").option("lineSep", "\n").option("dateFormat", "yyyy-MM-dd")
                .csv(parts.toString());
        try {
            Files.createDirectories(folder);
            try (OutputStream o = Files.newOutputStream(folder.resolve(table + ".csv"))) {
                o.write((String.join(",", d.columns()) + "\n").getBytes(StandardCharsets.UTF_8));
                List<Path> files;
                try (Stream<Path> s = Files.list(parts)) {
                    files = s.filter(f -> f.getFileName().toString().startsWith("part-")).sorted().toList();
                }
                for (Path f : files) {
                    try (InputStream in = Files.newInputStream(f)) {
                        in.transferTo(o);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + folder.resolve(table + ".csv"), e);
        }
        AtomicFiles.delete(parts);
    }
}
