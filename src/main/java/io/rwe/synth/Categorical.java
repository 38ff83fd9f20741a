package io.rwe.synth;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * A discrete distribution over named outcomes, from non-negative weights: outcome i has probability
 * weight(i) / Σ weight. Drawn by inversion of the cumulative probabilities.
 *
 * @param names      the outcomes, in the order given
 * @param cumulative P(outcome ≤ i); the last is 1
 */
public record Categorical(List<String> names, List<Double> cumulative) implements Serializable {

    public Categorical {
        names = List.copyOf(names);
        cumulative = List.copyOf(cumulative);
    }

    /** The distribution of {@code weights} (parallel to {@code names}); their sum must be positive. */
    public static Categorical of(List<String> names, List<Double> weights) {
        double sum = 0;
        for (double w : weights) {
            if (!(w >= 0) || Double.isInfinite(w)) {
                throw new IllegalArgumentException("weights must be non-negative, got " + w);
            }
            sum += w;
        }
        if (!(sum > 0)) {
            throw new IllegalArgumentException("weights must not all be 0");
        }
        List<Double> cum = new ArrayList<>(weights.size());
        double acc = 0;
        for (int i = 0; i < weights.size(); i++) {
            acc += weights.get(i);
            cum.add(i == weights.size() - 1 ? 1.0 : acc / sum);
        }
        return new Categorical(names, cum);
    }

    /** The outcome index for a uniform draw {@code u} in [0, 1): the first i with u < P(outcome ≤ i). */
    public int index(double u) {
        int i = 0;
        while (i < cumulative.size() - 1 && u >= cumulative.get(i)) {
            i++;
        }
        return i;
    }

    /** The outcome name for a uniform draw {@code u} in [0, 1). */
    public String draw(double u) {
        return names.get(index(u));
    }

    /** P(outcome {@code i}). */
    public double probability(int i) {
        return cumulative.get(i) - (i == 0 ? 0 : cumulative.get(i - 1));
    }
}
