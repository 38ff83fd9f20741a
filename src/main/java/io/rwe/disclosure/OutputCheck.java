package io.rwe.disclosure;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.Config;
import io.rwe.core.BadInputException;
import io.rwe.study.Study;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/**
 * The output checker (docs/disclosure.md, "The output checker"; {@code jobs/check-disclosure}): reads every
 * file of a run folder and reports each value the policy forbids, with the file and where in it. It does
 * not trust the stage that wrote the folder: it reads the files as a reader would.
 * <ul>
 *   <li>JSON: every integer is taken for a count (unless its key is one of {@code check.not-counts} or it
 *       lies in an {@code check.exempt} subtree) and must be one the policy allows; results.json and
 *       manifest.json are also read as their declarations describe them: no suppressed count may be
 *       derived (through the relations, chained, or from a count of the same population shown elsewhere),
 *       no percentage or rate may stand beside a suppressed count or denominator (nor, when counts are
 *       rounded, be other than the one of the published counts), no unseen cell (the censored of a group)
 *       may be derivable and small, single patients' values and the statistics of suppressed groups must
 *       be withheld;</li>
 *   <li>CSV: every integer cell outside the not-count columns; a percentage, rate or CI beside a
 *       suppressed count;</li>
 *   <li>HTML: every integer in a registry number cell ({@code td.num}, not {@code stat});</li>
 *   <li>SVG: texts that are a bare number (outside the axes' groups), {@code n = N} and {@code x/N}
 *       anywhere; a PNG is checked through its SVG twin;</li>
 *   <li>Parquet (a dataset) and any file the checker cannot read are findings by themselves: a run folder
 *       holds aggregates only.</li>
 * </ul>
 */
public final class OutputCheck {

    /** One forbidden value: the file (relative to the run folder), where in it, and what is wrong. */
    public record Finding(String file, String where, String message) {
        @Override
        public String toString() {
            return file + ": " + where + ": " + message;
        }
    }

    /**
     * What the checker needs.
     *
     * @param policy      the policy the folder must satisfy
     * @param results     what results.json holds
     * @param manifest    what manifest.json holds
     * @param notCounts   JSON keys and CSV columns whose integers are not counts
     * @param exempt      JSON subtrees ({@code file:dotted.path}) without statistics of patients
     * @param populations who a declared count counts (for counts of one population shown in several places)
     */
    public record Settings(DisclosurePolicy policy, Declarations results, Declarations manifest, Set<String> notCounts,
                           Set<String> exempt, UnaryOperator<String> populations) {
    }

    /**
     * The SVG class of a group of figure texts that are not counts (axis ticks): elsewhere in a figure a text
     * that is a bare number is read as a count.
     */
    public static final String FIGURE_NOT_COUNTS = "rwe-not-counts";

    private OutputCheck() {
    }

    /** The settings of {@code config} ({@code rwe.disclosure}) for {@code policy} and the run's {@code study}. */
    public static Settings settings(Config config, DisclosurePolicy policy, Study study) {
        String base = "rwe.disclosure.check";
        Set<String> notCounts = new TreeSet<>(config.hasPath(base + ".not-counts")
                ? config.getStringList(base + ".not-counts") : List.of());
        Set<String> exempt = new TreeSet<>(config.hasPath(base + ".exempt")
                ? config.getStringList(base + ".exempt") : List.of());
        exempt.add("results.json:disclosure");
        return new Settings(policy, Declarations.results(config), Declarations.manifest(config), notCounts, exempt,
                Populations.of(study));
    }

    /** Every finding in the run folder {@code run}, files in name order. */
    public static List<Finding> check(Path run, Settings s) {
        if (!Files.isDirectory(run)) {
            throw new BadInputException(run + ": not a run folder");
        }
        List<Path> files;
        try (Stream<Path> walk = Files.walk(run)) {
            files = walk.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + run, e);
        }
        List<Finding> out = new ArrayList<>();
        Set<String> datasets = new LinkedHashSet<>();
        for (Path f : files) {
            String rel = run.relativize(f).toString().replace('\\', '/');
            String name = f.getFileName().toString().toLowerCase(Locale.ROOT);
            if (name.endsWith(".parquet") || name.equals("_success") || name.endsWith(".crc")) {
                datasets.add(f.getParent().equals(run) ? rel : run.relativize(f.getParent()).toString() + "/");
                continue;
            }
            String text = name.endsWith(".png") ? null : read(f);
            if (name.endsWith(".json")) {
                out.addAll(JsonCounts.check(rel, json(f, text), s));
            } else if (name.endsWith(".csv")) {
                out.addAll(TextCounts.csv(rel, text, s));
            } else if (name.endsWith(".html")) {
                out.addAll(TextCounts.html(rel, text, s));
            } else if (name.endsWith(".svg")) {
                out.addAll(TextCounts.svg(rel, text, s));
            } else if (name.endsWith(".png")) {
                Path twin = f.resolveSibling(f.getFileName().toString().replaceAll("(?i)\\.png$", ".svg"));
                if (!Files.isRegularFile(twin)) {
                    out.add(new Finding(rel, "file", "a figure without its SVG twin: its text cannot be checked"));
                }
            } else {
                out.add(new Finding(rel, "file", "not a kind of file the checker reads (JSON, CSV, HTML, SVG, PNG)"));
            }
        }
        for (String d : datasets) {
            out.add(new Finding(d, "dataset", "a Parquet dataset in the run folder: patient-level and full-resolution "
                    + "data stay in the warehouse"));
        }
        return out;
    }

    private static String read(Path f) {
        try {
            return Files.readString(f, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new BadInputException(f + ": cannot be read as UTF-8 text: " + e.getMessage());
        }
    }

    private static JsonNode json(Path f, String text) {
        try {
            return new ObjectMapper().readTree(text);
        } catch (IOException e) {
            throw new BadInputException(f + ": not valid JSON: " + e.getMessage());
        }
    }
}
