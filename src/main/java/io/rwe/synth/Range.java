package io.rwe.synth;

import java.io.Serializable;
import java.util.SplittableRandom;

/**
 * A closed interval {@code [from, to]} of the generator's settings ({@code [a, b]} in
 * conf/generator.conf), drawn uniformly.
 */
public record Range(double from, double to) implements Serializable {

    public Range {
        if (!(from <= to) || !Double.isFinite(from) || !Double.isFinite(to)) {
            throw new IllegalArgumentException("a range needs from <= to, got [" + from + ", " + to + "]");
        }
    }

    /** A whole number uniform over {@code from..to}, both included (the bounds must be whole). */
    public int drawWhole(SplittableRandom r) {
        return (int) from + r.nextInt((int) to - (int) from + 1);
    }

    /** A real number uniform over {@code [from, to)}. */
    public double draw(SplittableRandom r) {
        return from + (to - from) * r.nextDouble();
    }

    /** Whether both bounds are whole numbers that fit an {@code int}. */
    boolean whole() {
        return from == Math.rint(from) && to == Math.rint(to) && from >= Integer.MIN_VALUE && to < Integer.MAX_VALUE;
    }
}
