package io.rwe.stats;

/**
 * Restricted mean survival time: the area under the Kaplan–Meier curve from time 0 to {@code tau},
 * with its standard error, as R's {@code print(survfit(...), rmean=tau)} ({@code survival:::survmean}).
 *
 * @param tau      the truncation time τ
 * @param estimate ∫₀^τ S(t) dt
 * @param se       its standard error
 */
public record Rmst(double tau, double estimate, double se) {
}
