package io.rwe.stats;

import java.util.Locale;

/**
 * Type of the pointwise confidence interval of a Kaplan–Meier curve, as {@code survfit}'s
 * {@code conf.type}. With S the estimate, σ the Greenwood standard error of log S (R's {@code std.err}
 * of a {@code survfit} object) and z the normal quantile:
 * <ul>
 *   <li>{@link #LOG} ({@code "log"}, R's default): {@code S·exp(∓zσ)}, upper capped at 1; both bounds
 *       undefined (NaN) where S = 0.</li>
 *   <li>{@link #LOG_LOG} ({@code "log-log"}): {@code S^exp(±zσ/log S)}, i.e.
 *       {@code exp(-exp(log(-log S) ∓ zσ/log S))}; undefined (NaN) where S = 0 or S = 1.</li>
 *   <li>{@link #PLAIN} ({@code "plain"}): {@code S ∓ z·σ·S}, lower floored at 0 and upper capped at 1.</li>
 * </ul>
 */
public enum ConfType {
    LOG("log"),
    LOG_LOG("log-log"),
    PLAIN("plain");

    private final String rName;

    ConfType(String rName) {
        this.rName = rName;
    }

    /** The name R's {@code survfit(conf.type=)} uses: {@code log}, {@code log-log} or {@code plain}. */
    public String rName() {
        return rName;
    }

    /** Parses R's name ({@code log}, {@code log-log}, {@code plain}), case-insensitive. */
    public static ConfType parse(String name) {
        String n = name.trim().toLowerCase(Locale.ROOT);
        for (ConfType t : values()) {
            if (t.rName.equals(n)) {
                return t;
            }
        }
        throw new IllegalArgumentException("unknown confidence interval type '" + name
                + "' (expected log, log-log or plain)");
    }
}
