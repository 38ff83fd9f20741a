package io.rwe.report;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;

/**
 * The report stage's own settings ({@code rwe.report}, conf/report.conf; docs/report.md): the paper whose
 * numbers are shown beside the registry's ({@code paper}, set by the study; empty: none), the median
 * tolerance of the comparison, and the figure settings.
 *
 * @param paper           a classpath resource or a file; empty: a study with no paper
 * @param medianTolerance months within which a registry median agrees with the printed one
 * @param pngScale        PNG pixels per logical pixel
 * @param atRiskStep      months between x ticks of the KM figures; 0: automatic
 * @param cellByCell      auto, always or never: when the paper's counts are compared cell by cell
 * @param materialChange  the relative change of the adjusted Cox HR against the unadjusted one from
 *                        which the report says they differ materially: |ln(HR_adj / HR)| &gt; ln(1 + this)
 */
record ReportSettings(String paper, double medianTolerance, int pngScale, double atRiskStep, String cellByCell,
                      double materialChange) {

    static ReportSettings of(Config config) {
        Config c = config == null ? ConfigFactory.empty() : config;
        String cellByCell = c.hasPath("rwe.report.cell-by-cell") ? c.getString("rwe.report.cell-by-cell") : "auto";
        if (!java.util.Set.of("auto", "always", "never").contains(cellByCell)) {
            throw new io.rwe.core.UsageException("rwe.report.cell-by-cell: '" + cellByCell
                    + "' is not auto, always or never");
        }
        return new ReportSettings(c.hasPath("rwe.report.paper") ? c.getString("rwe.report.paper").trim() : "",
                c.hasPath("rwe.report.median-tolerance") ? c.getDouble("rwe.report.median-tolerance") : 0.05,
                c.hasPath("rwe.report.figures.png-scale") ? c.getInt("rwe.report.figures.png-scale") : 2,
                c.hasPath("rwe.report.figures.at-risk-step") ? c.getDouble("rwe.report.figures.at-risk-step") : 0,
                cellByCell,
                c.hasPath("rwe.report.adjusted-hr-material-change") ? c.getDouble("rwe.report.adjusted-hr-material-change")
                        : 0.10);
    }
}
