package io.rwe.derive;

import static io.rwe.derive.StudyDrugIndex.date;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_list;
import static org.apache.spark.sql.functions.datediff;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Endpoints and best responses (docs/study.md "Endpoints", "Best response") from one aggregation of the
 * assessments per patient. Only assessments dated after the index and on or before the cut-off count.
 * Per scope s the aggregation keeps {@code first_pd_s} (first PD), {@code last_s} (last assessment,
 * whatever its response, NE included) and the (date, response) pairs.
 *
 * <p>Progression endpoint with scope s: {@code event_date = least(first_pd_s, death)} where a death
 * counts when on or before the cut-off (a PD and a death on the same day are one event on that day);
 * {@code <e>_event = event_date is not null}; {@code <e>_days = event_date - index} for an event,
 * else {@code last_s - index}, else 0 (no counting assessment). Overall survival: {@code os_event} =
 * death on or before the cut-off; {@code os_days = death - index}, else
 * {@code min(last_contact, cutoff) - index}. Days are clamped at 0 (a record dated before the index
 * is inconsistent; it gives time 0, not a negative time). An endpoint with a population condition is
 * null outside it.
 *
 * <p>Best response of scope s over the assessments up to and including {@code first_pd_s} (all of
 * them when there is none): the best of CR &gt; PR &gt; SD &gt; PD; {@code NE} when all are NE;
 * null when there is no counting assessment.
 */
final class Endpoints {

    private Endpoints() {
    }

    /** The scopes the study needs: endpoint scopes, then response scopes. */
    static Set<String> scopes(StudyDefinition s) {
        Set<String> out = new LinkedHashSet<>();
        for (StudyDefinition.Endpoint e : s.endpoints()) {
            if (e.scope() != null) {
                out.add(e.scope());
            }
        }
        out.addAll(s.responseScopes());
        return out;
    }

    /**
     * Per patient of {@code key} (patient_id, index_date) with a counting assessment: for each scope,
     * {@code first_pd_<s>}, {@code last_<s>} (dates) and {@code ranks_<s>} (array of (d, r): date and
     * rank 1..5 of CR, PR, SD, PD, NE).
     */
    static Dataset<Row> assessmentFacts(StudyDefinition s, Dataset<Row> assessments, Dataset<Row> key) {
        Column rank = when(col("response").equalTo("CR"), 1).when(col("response").equalTo("PR"), 2)
                .when(col("response").equalTo("SD"), 3).when(col("response").equalTo("PD"), 4)
                .when(col("response").equalTo("NE"), 5);
        List<Column> agg = new ArrayList<>();
        for (String scope : scopes(s)) {
            Column in = col("scope").equalTo(lit(scope));
            agg.add(min(when(in.and(col("response").equalTo("PD")), col("assessment_date"))).as("first_pd_" + scope));
            agg.add(max(when(in, col("assessment_date"))).as("last_" + scope));
            agg.add(collect_list(when(in, struct(col("assessment_date").as("d"), col("rank").as("r"))))
                    .as("ranks_" + scope));
        }
        return assessments.join(PatientJoins.shuffled(key), "patient_id")
                .filter(col("assessment_date").gt(col("index_date"))
                        .and(col("assessment_date").leq(date(s.cutoff()))))
                .withColumn("rank", rank)
                .groupBy("patient_id")
                .agg(agg.get(0), agg.subList(1, agg.size()).toArray(Column[]::new));
    }

    /** {@code <e>_days} and {@code <e>_event} of each endpoint, over the joined cohort facts. */
    static List<Column> endpointColumns(StudyDefinition s) {
        Column index = col("index_date");
        Column cutoff = date(s.cutoff());
        Column death = when(col("death_date").leq(cutoff), col("death_date"));
        List<Column> out = new ArrayList<>();
        for (StudyDefinition.Endpoint e : s.endpoints()) {
            Column days;
            Column event;
            if (e.event() == StudyDefinition.EventKind.DEATH) {
                event = death.isNotNull();
                days = when(event, datediff(death, index))
                        .otherwise(datediff(least(col("last_contact_date"), cutoff), index));
            } else {
                Column eventDate = least(col("first_pd_" + e.scope()), death);
                Column last = col("last_" + e.scope());
                event = eventDate.isNotNull();
                days = when(event, datediff(eventDate, index))
                        .when(last.isNotNull(), datediff(last, index))
                        .otherwise(lit(0));
            }
            days = greatest(days, lit(0));
            if (e.population() != null) {
                Column in = expr(e.population());
                days = when(in, days);
                event = when(in, event);
            }
            out.add(days.cast("int").as(e.name() + "_days"));
            out.add(event.as(e.name() + "_event"));
        }
        return out;
    }

    /** {@code best_<scope>} of each response scope. */
    static List<Column> bestResponseColumns(StudyDefinition s) {
        List<Column> out = new ArrayList<>();
        for (String scope : s.responseScopes()) {
            String sql = "CASE array_min(transform(filter(ranks_" + scope + ", x -> first_pd_" + scope
                    + " IS NULL OR x.d <= first_pd_" + scope + "), x -> x.r))"
                    + " WHEN 1 THEN 'CR' WHEN 2 THEN 'PR' WHEN 3 THEN 'SD' WHEN 4 THEN 'PD' WHEN 5 THEN 'NE' END";
            out.add(expr(sql).as("best_" + scope));
        }
        return out;
    }
}
