package io.rwe.survival;

import io.rwe.jobs.Args;
import io.rwe.jobs.UsageException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.TreeSet;

/**
 * The arguments of {@code jobs/survival} (cli.md), checked: every rule that can be decided without
 * reading the input is decided here, and a violation is a {@link UsageException} with one line.
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
 */
public record SurvivalOptions(String input, String time, String event, Optional<String> eventValue,
        Optional<String> group, Optional<String> strata, String confType, double rho, List<Double> times,
        OptionalDouble rmstTau, Optional<Path> out, Optional<Path> conf) {

    /** The pointwise confidence interval types of {@code survfit}'s {@code conf.type}. */
    public static final List<String> CONF_TYPES = List.of("log", "log-log", "plain");

    public SurvivalOptions {
        times = List.copyOf(times);
    }

    /** The option names that take a value. */
    public static final java.util.Set<String> OPTIONS = java.util.Set.of("input", "time", "event", "event-value",
            "group", "strata", "conf-type", "rho", "times", "rmst-tau", "out", "conf");

    /** Reads and checks the parsed command line. */
    public static SurvivalOptions from(Args args) {
        String input = args.required("input");
        String time = column(args, "time", true).orElseThrow();
        String event = column(args, "event", true).orElseThrow();
        Optional<String> eventValue = args.get("event-value");
        if (eventValue.isPresent() && eventValue.get().isBlank()) {
            throw new UsageException("option --event-value needs a non-empty value");
        }
        Optional<String> group = column(args, "group", false);
        Optional<String> strata = column(args, "strata", false);
        if (strata.isPresent() && group.isEmpty()) {
            throw new UsageException("option --strata needs --group (the strata stratify the comparison of groups)");
        }
        if (time.equals(event)) {
            throw new UsageException("options --time and --event name the same column '" + time + "'");
        }
        String confType = args.get("conf-type").orElse("log");
        if (!CONF_TYPES.contains(confType)) {
            throw new UsageException("option --conf-type must be one of log, log-log, plain; got '" + confType + "'");
        }
        double rho = args.doubleValue("rho").orElse(0.0);
        List<Double> times = args.doubleList("times").map(SurvivalOptions::sortedTimes).orElse(List.of());
        OptionalDouble tau = OptionalDouble.empty();
        Optional<Double> t = args.doubleValue("rmst-tau");
        if (t.isPresent()) {
            if (!(t.get() > 0)) {
                throw new UsageException("option --rmst-tau must be positive, got " + args.get("rmst-tau").get());
            }
            tau = OptionalDouble.of(t.get());
        }
        return new SurvivalOptions(input, time, event, eventValue, group, strata, confType, rho, times, tau,
                args.path("out"), args.path("conf"));
    }

    private static Optional<String> column(Args args, String name, boolean required) {
        Optional<String> v = required ? Optional.of(args.required(name)) : args.get(name);
        if (v.isPresent() && v.get().isBlank()) {
            throw new UsageException("option --" + name + " needs a column name");
        }
        return v;
    }

    private static List<Double> sortedTimes(List<Double> given) {
        TreeSet<Double> sorted = new TreeSet<>();
        for (double d : given) {
            if (d < 0) {
                throw new UsageException("option --times needs non-negative times, got " + d);
            }
            sorted.add(d == 0.0 ? 0.0 : d);
        }
        return List.copyOf(sorted);
    }
}
