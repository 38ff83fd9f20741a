package io.rwe.jobs;

import java.util.TreeSet;
import java.util.OptionalDouble;
import java.util.Optional;
import java.util.List;
import io.rwe.run.AtomicFiles;

import io.rwe.core.BadInputException;
import io.rwe.core.UsageException;

import com.typesafe.config.Config;
import io.rwe.core.Configs;
import io.rwe.core.Sparks;
import io.rwe.core.Json;
import io.rwe.riskset.RiskSetBuilder;
import io.rwe.survival.SurvivalOptions;
import io.rwe.survival.SurvivalReport;
import io.rwe.survival.SurvivalTable;
import io.rwe.survival.SurvivalText;
import io.rwe.riskset.AdjustedCox;
import io.rwe.stats.CoxRegression;
import java.util.ArrayList;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Set;
import org.apache.spark.sql.SparkSession;

/**
 * {@code jobs/survival} (docs/cli.md): the {@code survfit} + {@code survdiff} + {@code coxph} of the project on
 * any table. Reads the table through Spark, builds the risk sets with one aggregation (executors count),
 * computes the statistics on the driver and writes the JSON of docs/cli.md to {@code --out} (atomically:
 * a temporary file beside it, then a rename) or to standard output.
 */
public final class SurvivalJob implements Job {

    @Override
    public String usage() {
        return String.join("\n",
                "usage: jobs/survival --input FILE --time COL --event COL [--event-value V] [--group COL]",
                "                     [--strata COL] [--conf-type log|log-log|plain] [--rho R] [--times T1,T2,...]",
                "                     [--rmst-tau TAU] [--covariates COL,...] [--factors COL,...]",
                "                     [--format json|text] [--out FILE] [--conf FILE]",
                "",
                "Kaplan-Meier, log-rank and Cox (R's survfit + survdiff + coxph) of any table, through Spark.",
                "",
                "  --input FILE       CSV with a header line (or a folder of such files), or Parquet (a .parquet",
                "                     file or a folder of Parquet files)",
                "  --time COL         follow-up time: a number >= 0",
                "  --event COL        event indicator: 1/true = event, 0/false = censored",
                "  --event-value V    instead: the event is the value V (e.g. --event-value 2 for R's lung status);",
                "                     every other value is censored",
                "  --group COL        compare the groups of COL (sorted as text; the first is the reference)",
                "  --strata COL       stratify the log-rank test and the Cox model by COL (needs --group)",
                "  --conf-type T      pointwise confidence interval of S(t): log (default), log-log, plain",
                "  --rho R            Fleming-Harrington rho of the log-rank test (0 = log-rank, default;",
                "                     1 = Peto-Peto)",
                "  --times T1,T2,...  survival at these times (\"at_times\")",
                "  --rmst-tau TAU     restricted mean survival time up to TAU (default: the largest time; for",
                "                     rmst_diff of two groups: the smaller of their largest times)",
                "  --covariates C,... also fit the Cox model of the group adjusted for these columns (needs",
                "                     --group); a column is numeric when every value present is a number,",
                "                     rows missing one of them are left out of that model only",
                "  --factors C,...    take these covariates as categories (levels sorted, the first the reference)",
                "  --format F         json (the default when standard output is not a terminal) or text (what",
                "                     R prints: survfit, survdiff, summary(coxph), cox.zph)",
                "  --out FILE         write the JSON to FILE (default: standard output)",
                "  --conf FILE        configuration layered over conf/application.conf",
                "  --help             this text",
                "",
                "Rows with a missing time, event, group or stratum (empty or NA in CSV, null in Parquet) are",
                "dropped and counted (\"dropped\"). Exit codes: 0 done, 1 failure, 2 bad arguments, 3 bad input.");
    }

    @Override
    public Set<String> options() {
        return SurvivalOptions.OPTIONS;
    }

    @Override
    public void run(Args args) {
        SurvivalOptions options = options(args);
        options.out().ifPresent(SurvivalJob::checkOut);
        Config config = Configs.load(options.conf());
        SparkSession spark = Sparks.session(config, "survival");
        SurvivalTable table = SurvivalTable.open(spark, options);
        RiskSetBuilder.Aggregate counts = table.aggregate();
        if (counts.rejected() > 0) {
            throw new BadInputException(table.describe(counts.firstProblem(), counts.rejected()));
        }
        if (counts.riskSets().isEmpty()) {
            throw new BadInputException(options.input() + ": no usable rows (" + counts.dropped()
                    + " dropped for a missing time, event, group or stratum)");
        }
        AdjustedCox.Outcome adjusted = null;
        List<String> groups = SurvivalReport.groups(counts);
        if (!options.covariates().isEmpty() && groups.size() >= 2) {
            adjusted = table.adjustedCox(groups,
                    CoxRegression.of(CoxRegression.Options.withDefaults().withConfLevel(SurvivalReport.CONF_LEVEL)));
        }
        SurvivalReport report = SurvivalReport.compute(options, counts, adjusted);
        for (String w : report.warnings()) {
            System.err.println("warning: " + w);
        }
        String text = options.format().equals("text") ? SurvivalText.of(report.json(), options)
                : Json.write(report.json());
        if (options.out().isPresent()) {
            writeAtomically(options.out().get(), text);
        } else {
            System.out.print(text);
            System.out.flush();
        }
    }

    private static void checkOut(Path out) {
        if (Files.isDirectory(out)) {
            throw new UsageException("option --out names a folder, a file is needed: " + out);
        }
    }

    /** Writes a temporary file in the target's folder, then renames it over the target. */
    static void writeAtomically(Path out, String text) {
        AtomicFiles.writeAtomically(out, text);
    }

    /** Reads and checks the parsed command line. */
    public static SurvivalOptions options(Args args) {
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
        if (!SurvivalOptions.CONF_TYPES.contains(confType)) {
            throw new UsageException("option --conf-type must be one of log, log-log, plain; got '" + confType + "'");
        }
        double rho = args.doubleValue("rho").orElse(0.0);
        List<Double> times = args.doubleList("times").map(SurvivalJob::sortedTimes).orElse(List.of());
        OptionalDouble tau = OptionalDouble.empty();
        Optional<Double> t = args.doubleValue("rmst-tau");
        if (t.isPresent()) {
            if (!(t.get() > 0)) {
                throw new UsageException("option --rmst-tau must be positive, got " + args.get("rmst-tau").get());
            }
            tau = OptionalDouble.of(t.get());
        }
        List<String> covariates = columns(args, "covariates");
        List<String> factors = columns(args, "factors");
        if (!covariates.isEmpty() && group.isEmpty()) {
            throw new UsageException("option --covariates needs --group (the adjusted model is of the group)");
        }
        for (String f : factors) {
            if (!covariates.contains(f)) {
                throw new UsageException("option --factors names '" + f + "', which is not among --covariates");
            }
        }
        for (String c : covariates) {
            if (c.equals(time) || c.equals(event) || group.map(c::equals).orElse(false)
                    || strata.map(c::equals).orElse(false)) {
                throw new UsageException("option --covariates names '" + c
                        + "', which is already the time, event, group or strata column");
            }
        }
        boolean terminal = System.console() != null && args.path("out").isEmpty();
        String format = args.get("format").orElse(terminal ? "text" : "json");
        if (!SurvivalOptions.FORMATS.contains(format)) {
            throw new UsageException("option --format must be json or text; got '" + format + "'");
        }
        return new SurvivalOptions(input, time, event, eventValue, group, strata, confType, rho, times, tau,
                args.path("out"), args.path("conf"), covariates, factors, format);
    }

    /** A comma-separated list of distinct column names (empty when the option is absent). */
    private static List<String> columns(Args args, String name) {
        Optional<String> v = args.get(name);
        if (v.isEmpty()) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (String c : v.get().split(",", -1)) {
            String t = c.trim();
            if (t.isEmpty()) {
                throw new UsageException("option --" + name + " needs column names separated by commas, got '"
                        + v.get() + "'");
            }
            if (out.contains(t)) {
                throw new UsageException("option --" + name + " names '" + t + "' twice");
            }
            out.add(t);
        }
        return out;
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
