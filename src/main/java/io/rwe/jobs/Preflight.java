package io.rwe.jobs;

import com.typesafe.config.Config;
import io.rwe.study.StudyCheck;
import com.typesafe.config.ConfigException;
import io.rwe.disclosure.Declarations;
import io.rwe.disclosure.DisclosurePolicy;
import io.rwe.core.Configs;
import io.rwe.core.UsageException;
import io.rwe.derive.Derive;
import io.rwe.derive.StudyDefinition;
import io.rwe.ingest.IngestSettings;
import io.rwe.stats.ConfType;
import io.rwe.study.AnalysisSpec;
import java.util.Collection;

/**
 * The checks a job makes of its configuration before it starts Spark or touches a warehouse
 * (docs/configuration.md): {@link Configs#load} has checked the keys, types and ranges; here every stage
 * the job will run reads its settings, and the keys naming cohort columns are checked against the
 * cohort's columns. Every problem is a {@link UsageException} (exit 2, one line), seconds after the
 * start, whatever the stage it concerns.
 */
final class Preflight {

    private Preflight() {
    }

    /** The ingest stage's settings. */
    static IngestSettings ingest(Config config) {
        return IngestSettings.fromConfig(config);
    }

    /** The study as derive reads it; the cohort column keys against the columns it will derive. */
    static void derive(Config config) {
        StudyCheck.check(config); // a study file naming what does not exist is refused before Spark starts
        columns(config, Derive.columnNames(config));
    }

    /**
     * The analyses and the analyze stage's settings, the disclosure policy and what it acts on
     * (docs/disclosure.md); the cohort column keys against {@code cohortColumns}.
     */
    static void analyze(Config config, Collection<String> cohortColumns) {
        StudyCheck.check(config);
        AnalysisSpec.fromConfig(config);
        try {
            DisclosurePolicy.of(config); // the policy in force, and the former threshold refused
            Declarations.results(config);
            Declarations.manifest(config);
            io.rwe.study.Study.from(config);
            config.getDouble("rwe.study.month-days");
        } catch (ConfigException e) {
            throw new UsageException("configuration: " + e.getMessage());
        }
        if (config.hasPath("rwe.study.conf-type")) {
            try {
                ConfType.parse(config.getString("rwe.study.conf-type"));
            } catch (IllegalArgumentException e) {
                throw new UsageException("configuration: rwe.study.conf-type: " + e.getMessage());
            }
        }
        columns(config, cohortColumns);
    }

    private static void columns(Config config, Collection<String> cohortColumns) {
        Configs.schema().checkColumns(config, cohortColumns, "the analysis cohort");
    }
}
