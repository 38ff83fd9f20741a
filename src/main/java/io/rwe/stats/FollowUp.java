package io.rwe.stats;

import java.util.ArrayList;
import java.util.List;

/**
 * Median follow-up by the reverse Kaplan–Meier method: the Kaplan–Meier estimate of the censoring
 * distribution, censorings counted as events and events as censorings, R's
 * {@code survfit(Surv(t, 1 - e) ~ 1)}. Its median and the log-transformed 95% interval are read off as
 * {@code print(survfit)} reports them ({@link KmCurve#medianAsPrinted()}). NaN where the reverse curve
 * does not reach 0.5 (most patients still had an event before being censored).
 */
public final class FollowUp {

    private FollowUp() {
    }

    /** The reverse Kaplan–Meier median with its 95% log interval, as {@code print(survfit(Surv(t, 1 - e) ~ 1))}. */
    public static SurvivalQuantile median(RiskSet riskSet) {
        return median(riskSet, 0.95);
    }

    /** The same at another confidence level ({@code conf.int = level}). */
    public static SurvivalQuantile median(RiskSet riskSet, double confLevel) {
        return KaplanMeier.fit(reversed(riskSet), ConfType.LOG, confLevel).medianAsPrinted();
    }

    /** The risk set with events and censorings exchanged at every time (the numbers at risk unchanged). */
    public static RiskSet reversed(RiskSet riskSet) {
        List<RiskRow> rows = new ArrayList<>(riskSet.rows().size());
        for (RiskRow r : riskSet.rows()) {
            rows.add(new RiskRow(r.time(), r.atRisk(), r.censored(), r.events()));
        }
        return new RiskSet(riskSet.group(), riskSet.stratum(), rows);
    }
}
