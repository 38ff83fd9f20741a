package io.rwe.results;

import com.fasterxml.jackson.databind.JsonNode;
import io.rwe.core.Json;
import java.util.Map;

/**
 * The comparison part of a two-group survival analysis (docs/study.md, "Statistics" and "Beyond the
 * paper"): the log-rank test, the log-rank hazard ratio exp((O − E)/V) of the first-named group against
 * the reference, the Cox model (Efron ties) of the same groups, the Cox model adjusted for the study's
 * adjustment set, and the difference of restricted mean survival times. A part the data cannot support
 * (or not computed) is null, its reason in the analysis's {@link NotEstimable}.
 */
public record Comparison(ChiSquare logrank, LogRankHr hr, Cox cox, CoxAdjusted coxAdjusted, RmstDiff rmstDiff) {

    /** The comparison of the paper's analyses alone. */
    public Comparison(ChiSquare logrank, LogRankHr hr, Cox cox) {
        this(logrank, hr, cox, null, null);
    }

    /** The log-rank hazard ratio with its CI, the method's name and the reference group. */
    public record LogRankHr(Double estimate, Interval ci, String method, String reference) {
        Map<String, Object> toJson() {
            Map<String, Object> o = Json.object();
            o.put("estimate", estimate);
            o.put("ci", ci == null ? null : ci.toJson());
            o.put("method", method);
            o.put("reference", reference);
            return o;
        }

        static LogRankHr read(JsonNode o, JsonFields.At at) {
            return o == null ? null : new LogRankHr(JsonFields.number(o, "estimate", at), Interval.read(o, "ci", at),
                    JsonFields.text(o, "method", at), JsonFields.text(o, "reference", at));
        }
    }

    /**
     * The Cox model's hazard ratio with its CI, its Wald, likelihood-ratio and score p, the reference, and
     * its proportional-hazards test (null when not computed).
     */
    public record Cox(Double hr, Interval ci, Double pWald, Double pLr, Double pScore, String reference,
                      PhTest phTest) {

        /** The Cox model without its proportional-hazards test. */
        public Cox(Double hr, Interval ci, Double pWald, Double pLr, Double pScore, String reference) {
            this(hr, ci, pWald, pLr, pScore, reference, null);
        }

        Map<String, Object> toJson() {
            Map<String, Object> o = Json.object();
            o.put("hr", hr);
            o.put("ci", ci == null ? null : ci.toJson());
            o.put("p_wald", pWald);
            o.put("p_lr", pLr);
            o.put("p_score", pScore);
            o.put("reference", reference);
            if (phTest != null) {
                o.put("ph_test", phTest.toJson());
            }
            return o;
        }

        static Cox read(JsonNode o, JsonFields.At at) {
            return o == null ? null : new Cox(JsonFields.number(o, "hr", at), Interval.read(o, "ci", at),
                    JsonFields.number(o, "p_wald", at), JsonFields.number(o, "p_lr", at),
                    JsonFields.number(o, "p_score", at), JsonFields.text(o, "reference", at),
                    PhTest.read(JsonFields.object(o, "ph_test", at), at.field("ph_test")));
        }
    }

    /** Adds the parts present to the analysis object {@code o}. */
    void addTo(Map<String, Object> o) {
        if (logrank != null) {
            o.put("logrank", logrank.toJson());
        }
        if (hr != null) {
            o.put("hr", hr.toJson());
        }
        if (cox != null) {
            o.put("cox", cox.toJson());
        }
        if (coxAdjusted != null) {
            o.put("cox_adjusted", coxAdjusted.toJson());
        }
        if (rmstDiff != null) {
            o.put("rmst_diff", rmstDiff.toJson());
        }
    }

    static Comparison read(JsonNode o, JsonFields.At at) {
        return new Comparison(ChiSquare.read(JsonFields.object(o, "logrank", at), at.field("logrank")),
                LogRankHr.read(JsonFields.object(o, "hr", at), at.field("hr")),
                Cox.read(JsonFields.object(o, "cox", at), at.field("cox")),
                CoxAdjusted.read(JsonFields.object(o, "cox_adjusted", at), at.field("cox_adjusted")),
                RmstDiff.read(JsonFields.object(o, "rmst_diff", at), at.field("rmst_diff")));
    }
}
