package io.rwe.analyze;

import io.rwe.run.AtomicFiles;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;

/**
 * The full-resolution risk sets of a run, kept in the warehouse (the restricted zone), never in the run
 * folder (docs/disclosure.md, "What a run folder holds"): {@code <warehouse>/risk_sets/<run-id>/}, Parquet
 * with the schema {@link AnalyzeStage#RISK_SET_SCHEMA}, written into a hidden folder and renamed into place,
 * so a reader never sees half of it. The run's manifest names the folder.
 */
public final class RiskSetStore {

    /** The warehouse folder holding one risk-set dataset per run. */
    public static final String FOLDER = "risk_sets";

    private RiskSetStore() {
    }

    /** The folder of run {@code runId}'s risk sets, relative to the warehouse ({@code risk_sets/<run-id>}). */
    public static String relative(String runId) {
        return FOLDER + "/" + runId;
    }

    /** Writes {@code rows} as the risk sets of run {@code runId}; returns the folder. */
    public static Path write(SparkSession spark, List<Row> rows, Path warehouse, String runId) {
        Path target = warehouse.resolve(FOLDER).resolve(runId);
        Path tmp = warehouse.resolve(FOLDER).resolve(".tmp-" + runId);
        AtomicFiles.delete(tmp);
        AnalyzeStage.riskSetFrame(spark, rows).coalesce(1).write().mode(SaveMode.ErrorIfExists)
                .parquet(tmp.toString());
        AtomicFiles.delete(target);
        AtomicFiles.move(tmp, target);
        return target;
    }
}
