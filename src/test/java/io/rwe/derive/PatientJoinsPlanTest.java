package io.rwe.derive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rwe.TestSpark;
import io.rwe.core.Configs;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.expressions.Attribute;
import org.apache.spark.sql.catalyst.optimizer.BuildRight$;
import org.apache.spark.sql.execution.SparkPlan;
import org.apache.spark.sql.execution.adaptive.AdaptiveSparkPlanExec;
import org.apache.spark.sql.execution.columnar.InMemoryTableScanExec;
import org.apache.spark.sql.execution.joins.BaseJoinExec;
import org.apache.spark.sql.execution.joins.ShuffledHashJoinExec;
import org.apache.spark.sql.execution.joins.SortMergeJoinExec;
import org.junit.jupiter.api.Test;
import scala.jdk.javaapi.CollectionConverters;

/**
 * The joins derive plans (PatientJoins, docs/derive.md "How it runs"): no broadcast join anywhere; the
 * child rows (assessments, adverse events, other drugs' courses) meet the narrow index key in shuffled hash
 * joins whose hashed side is the key alone (patient_id, index_date, course_end), so that the table each
 * task holds in memory is one small row per patient; the joins of per-patient rows are sort-merge joins,
 * which spill. Read from the physical plans of the cohort and the adverse events of 300 synthetic patients.
 */
class PatientJoinsPlanTest {

    /** The index key's columns: all a hashed side may hold. */
    static final Set<String> KEY = Set.of("patient_id", "index_date", "course_end");

    @Test
    void childRowsAreHashedAgainstTheIndexKeyAndNothingIsBroadcast() {
        SparkSession spark = TestSpark.session();
        CuratedTables t = SyntheticCurated.tables(spark, 300, 2, 7);
        try (DerivedCohort d = Derive.run(StudyDefinition.from(Configs.load()), Pseudonym.withKey("k"), t, s -> { })) {
            List<SparkPlan> cohortJoins = joins(d.cohort().queryExecution().executedPlan());
            List<SparkPlan> aeJoins = joins(d.adverseEvents().queryExecution().executedPlan());
            List<SparkPlan> all = new ArrayList<>(cohortJoins);
            all.addAll(aeJoins);
            for (SparkPlan j : all) {
                assertTrue(j instanceof ShuffledHashJoinExec || j instanceof SortMergeJoinExec,
                        "a join that is neither a shuffled hash join nor a sort-merge join: " + j.nodeName());
            }
            List<ShuffledHashJoinExec> hashed = new ArrayList<>();
            for (SparkPlan j : all) {
                if (j instanceof ShuffledHashJoinExec h) {
                    hashed.add(h);
                    assertEquals(BuildRight$.MODULE$, h.buildSide(), "the hinted (right) side is hashed");
                    Set<String> built = names(h.right());
                    assertTrue(KEY.containsAll(built), "a hash join holds more than the index key: " + built);
                }
            }
            // Each plan holds the cached facts' plan (other drugs' courses against the key); then the
            // cohort's the assessments against the key, the adverse events' plan the adverse events.
            assertEquals(2, cohortJoins.stream().filter(j -> j instanceof ShuffledHashJoinExec).count(),
                    "hash joins in the cohort's plan: " + cohortJoins.stream().map(SparkPlan::nodeName).toList());
            assertEquals(2, aeJoins.stream().filter(j -> j instanceof ShuffledHashJoinExec).count(),
                    "hash joins in the adverse events' plan: " + aeJoins.stream().map(SparkPlan::nodeName).toList());
            // Per-patient rows with per-patient rows: index and patients, first dates, concurrent therapy
            // (the cached facts), then the assessments' and adverse events' facts (the cohort).
            assertEquals(3, aeJoins.stream().filter(j -> j instanceof SortMergeJoinExec).count(),
                    "sort-merge joins in the adverse events' plan: " + aeJoins.stream().map(SparkPlan::nodeName).toList());
            assertEquals(5, cohortJoins.stream().filter(j -> j instanceof SortMergeJoinExec).count(),
                    "sort-merge joins in the cohort's plan: " + cohortJoins.stream().map(SparkPlan::nodeName).toList());
        }
    }

    /**
     * Every join node of {@code plan}, the cached plans under in-memory scans included, each cached plan once
     * (the cohort's plan scans the cached facts twice: the included patients and their index key).
     */
    static List<SparkPlan> joins(SparkPlan plan) {
        List<SparkPlan> out = new ArrayList<>();
        collect(plan, out, java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>()));
        return out;
    }

    private static void collect(SparkPlan p, List<SparkPlan> out, Set<SparkPlan> cached) {
        if (p instanceof AdaptiveSparkPlanExec a) {
            collect(a.executedPlan(), out, cached);
            return;
        }
        if (p instanceof InMemoryTableScanExec m && cached.add(m.relation().cachedPlan())) {
            collect(m.relation().cachedPlan(), out, cached);
        }
        if (p instanceof BaseJoinExec || p.nodeName().contains("Join")) {
            out.add(p);
        }
        for (SparkPlan c : CollectionConverters.asJava(p.children())) {
            collect(c, out, cached);
        }
    }

    private static Set<String> names(SparkPlan p) {
        Set<String> out = new TreeSet<>();
        for (Attribute a : CollectionConverters.asJava(p.output())) {
            out.add(a.name());
        }
        return out;
    }
}
