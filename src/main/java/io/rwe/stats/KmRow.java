package io.rwe.stats;

/**
 * One row of a Kaplan–Meier table, with the columns of R's {@code summary(survfit(...))}.
 *
 * @param time    the time
 * @param nRisk   number at risk just before {@code time}
 * @param nEvent  events at {@code time} (in a table at requested times: events since the previous
 *                requested time, up to and including this one)
 * @param nCensor censorings, counted like {@code nEvent}
 * @param surv    Kaplan–Meier estimate S(time)
 * @param stdErr  standard error of S(time) (Greenwood), as {@code summary.survfit}'s {@code std.err};
 *                NaN where S = 0 (R: {@code NaN})
 * @param lower   lower pointwise confidence bound; NaN where R gives {@code NA}
 * @param upper   upper pointwise confidence bound; NaN where R gives {@code NA}
 */
public record KmRow(double time, long nRisk, long nEvent, long nCensor, double surv, double stdErr, double lower,
        double upper) {
}
