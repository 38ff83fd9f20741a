package io.rwe.survival;

import io.rwe.core.UsageException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * The arguments of {@code jobs/survival} (docs/survival-cli.md), checked by the job before any input is
 * read (every rule that can be decided without reading the input; a violation is a
 * {@link UsageException} with one line).
 *
 * @param input      the table: a CSV file with a header, a folder of CSV files, a {@code .parquet} file or
 *                   a folder of Parquet files (any Hadoop file system URI)
 * @param time       the column holding the follow-up time (a non-negative number)
 * @param event      the column holding the event indicator
 * @param eventValue when present, a row is an event exactly when its event value equals this one
 *                   (as text, or as numbers: {@code 2} equals {@code 2.0}); otherwise 1/true mean an event
 *                   and 0/false a censoring
 * @param group      the column of the compared groups, if any
 * @param strata     the stratification column of the log-rank test and the Cox model, if any
 * @param confType   {@code log}, {@code log-log} or {@code plain}: the pointwise CI of the survival curve
 * @param rho        the Fleming–Harrington ρ of the log-rank test (0 = log-rank, 1 = Peto–Peto)
 * @param times      the times of {@code at_times}, increasing and distinct (as R's {@code summary.survfit}
 *                   sorts them)
 * @param rmstTau    the restriction time of the RMST; empty = the largest observed time of all groups
 *                   (R's {@code rmean = "common"})
 * @param out        the JSON output file; empty = standard output
 * @param conf       a configuration file layered over the defaults
 * @param covariates the columns of the adjusted Cox model beside the group ({@code --covariates}), in
 *                   formula order; empty = no adjusted model
 * @param factors    the covariates taken as categorical whatever their values ({@code --factors})
 * @param format     {@code json} (the contract of docs/cli.md) or {@code text} (what R prints)
 */
public record SurvivalOptions(String input, String time, String event, Optional<String> eventValue,
        Optional<String> group, Optional<String> strata, String confType, double rho, List<Double> times,
        OptionalDouble rmstTau, Optional<Path> out, Optional<Path> conf, List<String> covariates,
        List<String> factors, String format) {

    /** The output formats of {@code --format}. */
    public static final List<String> FORMATS = List.of("json", "text");

    /** Options without covariates, written as JSON. */
    public SurvivalOptions(String input, String time, String event, Optional<String> eventValue,
            Optional<String> group, Optional<String> strata, String confType, double rho, List<Double> times,
            OptionalDouble rmstTau, Optional<Path> out, Optional<Path> conf) {
        this(input, time, event, eventValue, group, strata, confType, rho, times, rmstTau, out, conf, List.of(),
                List.of(), "json");
    }

    /** The pointwise confidence interval types of {@code survfit}'s {@code conf.type}. */
    public static final List<String> CONF_TYPES = List.of("log", "log-log", "plain");

    public SurvivalOptions {
        times = List.copyOf(times);
        covariates = List.copyOf(covariates);
        factors = List.copyOf(factors);
    }

    /** The option names that take a value. */
    public static final java.util.Set<String> OPTIONS = java.util.Set.of("input", "time", "event", "event-value",
            "group", "strata", "conf-type", "rho", "times", "rmst-tau", "out", "conf", "covariates", "factors", "format");
}
