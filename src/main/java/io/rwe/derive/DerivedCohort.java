package io.rwe.derive;

import java.util.Objects;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The output of the derive stage (docs/architecture.md "Analysis cohort"): {@link #cohort()}, one row
 * per included patient keyed by {@code patient_key}; {@link #adverseEvents()}, (patient_key, term,
 * worst_grade) of the included patients; {@link #flow()}, the flow counts. The datasets are lazy:
 * writing or aggregating them runs the derivation.
 */
public final class DerivedCohort implements AutoCloseable {
    private final Dataset<Row> cohort;
    private final Dataset<Row> adverseEvents;
    private final CohortFlow flow;
    private final Dataset<Row> cached;

    DerivedCohort(Dataset<Row> cohort, Dataset<Row> adverseEvents, CohortFlow flow, Dataset<Row> cached) {
        this.cohort = Objects.requireNonNull(cohort);
        this.adverseEvents = Objects.requireNonNull(adverseEvents);
        this.flow = Objects.requireNonNull(flow);
        this.cached = cached;
    }

    /** A derived cohort read back from storage ({@link CohortStore#read}). */
    public static DerivedCohort of(Dataset<Row> cohort, Dataset<Row> adverseEvents, CohortFlow flow) {
        return new DerivedCohort(cohort, adverseEvents, flow, null);
    }

    public Dataset<Row> cohort() {
        return cohort;
    }

    public Dataset<Row> adverseEvents() {
        return adverseEvents;
    }

    public CohortFlow flow() {
        return flow;
    }

    /** Frees what {@link Derive#run} cached; the datasets stay usable (recomputed when needed). */
    @Override
    public void close() {
        if (cached != null) {
            cached.unpersist();
        }
    }
}
