package io.rwe.stats;

/**
 * One distinct time of a risk set: how many were at risk just before {@code time}, how many had the
 * event at {@code time}, and how many were censored at {@code time} (censorings at a tied time count
 * as at risk for the events there, as in R's {@code survival}).
 */
public record RiskRow(double time, long atRisk, long events, long censored) {
    public RiskRow {
        if (atRisk < events + censored || events < 0 || censored < 0) {
            throw new IllegalArgumentException("inconsistent risk row at time " + time + ": at risk " + atRisk
                    + ", events " + events + ", censored " + censored);
        }
    }
}
