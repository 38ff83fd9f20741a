package io.rwe.derive;

import static io.rwe.derive.StudyDrugIndex.date;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.datediff;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
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
 * whatever its response, NE included) and the first date of each other response (CR, PR, SD, NE): plain
 * minimum and maximum aggregates, so the aggregation is a hash aggregation of fixed-width buffers.
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
 * null when there is no counting assessment. A response is among those assessments exactly when its
 * first date is on or before {@code first_pd_s} (or when there is no PD, when it occurs at all), so the
 * best response is the first of CR, PR, SD whose first date qualifies, else PD when there is one, else
 * NE when its first date qualifies.
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

    /** The responses whose first date per scope the aggregation keeps besides PD, best first. */
    static final List<String> OTHER_RESPONSES = List.of("CR", "PR", "SD", "NE");

    /**
     * Per patient of {@code key} (patient_id, index_date) with a counting assessment: for each scope,
     * {@code first_pd_<s>}, {@code last_<s>} and, for a response scope, {@code _first_<r>_<s>} for each
     * response r of {@link #OTHER_RESPONSES} (dates).
     */
    static Dataset<Row> assessmentFacts(StudyDefinition s, Dataset<Row> assessments, Dataset<Row> key) {
        List<Column> agg = new ArrayList<>();
        for (String scope : scopes(s)) {
            Column in = col("scope").equalTo(lit(scope));
            agg.add(min(when(in.and(col("response").equalTo("PD")), col("assessment_date"))).as("first_pd_" + scope));
            agg.add(max(when(in, col("assessment_date"))).as("last_" + scope));
            for (String r : s.responseScopes().contains(scope) ? OTHER_RESPONSES : List.<String>of()) {
                agg.add(min(when(in.and(col("response").equalTo(r)), col("assessment_date"))).as(firstOf(r, scope)));
            }
        }
        return assessments.join(PatientJoins.byIndexKey(key), "patient_id")
                .filter(col("assessment_date").gt(col("index_date"))
                        .and(col("assessment_date").leq(date(s.cutoff()))))
                .groupBy("patient_id")
                .agg(agg.get(0), agg.subList(1, agg.size()).toArray(Column[]::new));
    }

    /** The column of the first date of response {@code r} in {@code scope}. */
    static String firstOf(String r, String scope) {
        return "_first_" + r.toLowerCase(java.util.Locale.ROOT) + "_" + scope;
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
            Column firstPd = col("first_pd_" + scope);
            out.add(when(counts("CR", scope, firstPd), lit("CR"))
                    .when(counts("PR", scope, firstPd), lit("PR"))
                    .when(counts("SD", scope, firstPd), lit("SD"))
                    .when(firstPd.isNotNull(), lit("PD"))
                    .when(counts("NE", scope, firstPd), lit("NE"))
                    .as("best_" + scope));
        }
        return out;
    }

    /** Response {@code r} occurs in {@code scope} on or before the first PD (at all when there is none). */
    private static Column counts(String r, String scope, Column firstPd) {
        Column first = col(firstOf(r, scope));
        return first.isNotNull().and(firstPd.isNull().or(first.leq(firstPd)));
    }
}
