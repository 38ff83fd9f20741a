package io.rwe.report;

import static io.rwe.report.Html.escape;

import com.typesafe.config.Config;
import java.util.Map;
import java.util.TreeSet;

/**
 * Where a run's numbers come from, shown at the top of the report (docs/report.md, "Provenance"): the data
 * source (a generated synthetic registry with its profile and seed, or delivered extracts), the extracts
 * read and their row accounting, the run id, the versions of the project, Spark and Java, and the
 * checksum of the configuration in force; the study's file and cut-off are read from the configuration.
 *
 * @param dataSource   the data source in words
 * @param runId        the run id (the run folder's name)
 * @param versions     project, spark, java
 * @param configSha256 SHA-256 of the configuration in force as the manifest records it
 * @param inputs       the manifest's {@code inputs} ("&lt;extract-date&gt;/&lt;file&gt;.csv" → rows_read,
 *                     rows_accepted, rows_quarantined, sha256)
 */
public record Provenance(String dataSource, String runId, Map<String, String> versions, String configSha256,
                         Map<String, Object> inputs) {

    /** The provenance block's HTML; {@code p} null: a report written outside a run. */
    static String html(Provenance p, Config config) {
        StringBuilder b = new StringBuilder("<section id=\"provenance\">\n<h2>Provenance</h2>\n<table class=\"provenance\"><tbody>\n");
        if (p == null) {
            row(b, "Data source", "not recorded: this report was written outside a run (docs/report.md)");
        } else {
            row(b, "Data source", p.dataSource());
            TreeSet<String> dates = new TreeSet<>();
            long read = 0;
            long accepted = 0;
            long quarantined = 0;
            for (Map.Entry<String, Object> e : p.inputs().entrySet()) {
                int slash = e.getKey().indexOf('/');
                dates.add(slash > 0 ? e.getKey().substring(0, slash) : e.getKey());
                if (e.getValue() instanceof Map<?, ?> m) {
                    read += number(m.get("rows_read"));
                    accepted += number(m.get("rows_accepted"));
                    quarantined += number(m.get("rows_quarantined"));
                }
            }
            row(b, "Extracts", dates.isEmpty() ? "none recorded" : String.join(", ", dates) + " (" + p.inputs().size()
                    + " files): " + read + " rows read, " + accepted + " accepted, " + quarantined + " quarantined");
        }
        row(b, "Data cut-off", config.hasPath("rwe.study.cutoff") ? config.getString("rwe.study.cutoff") : "—");
        row(b, "Study", (config.hasPath("rwe.study.name") ? config.getString("rwe.study.name") : "—")
                + (config.hasPath("rwe.study.name") ? " (" + origin(config) + ")" : ""));
        if (p != null) {
            row(b, "Run id", p.runId());
            row(b, "Versions", "project " + p.versions().get("project") + ", Spark " + p.versions().get("spark")
                    + ", Java " + p.versions().get("java"));
            row(b, "Configuration", "SHA-256 " + p.configSha256() + " (the configuration in force is in manifest.json)");
        }
        return b.append("</tbody></table>\n</section>\n").toString();
    }

    /** The file (and line) the study's name is set in. */
    private static String origin(Config config) {
        var o = config.getValue("rwe.study.name").origin();
        String f = o.filename() != null ? o.filename() : o.resource() != null ? o.resource() : o.description();
        if (f == null) {
            return "—";
        }
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("[^\\s,]*?([^/\\s,]+\\.conf)").matcher(f);
        return m.find() ? (f.contains("conf/" + m.group(1)) ? "conf/" : "") + m.group(1) : f;
    }

    private static long number(Object o) {
        return o instanceof Number n ? n.longValue() : 0;
    }

    private static void row(StringBuilder b, String k, String v) {
        b.append("<tr><th scope=\"row\">").append(escape(k)).append("</th><td>").append(escape(v)).append("</td></tr>\n");
    }
}
