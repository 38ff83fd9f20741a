package io.rwe.stats;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * The design matrix of a Cox model with covariates, as R's {@code model.matrix} builds it for
 * {@code coxph(Surv(t, e) ~ group + age + sex + …)}, described by its columns rather than stored: the
 * rows stay where they are (Spark) and only this description travels.
 *
 * <ul>
 * <li>A <b>numeric</b> variable is one column, named as the variable ({@code age}).</li>
 * <li>A <b>categorical</b> variable with levels ℓ₁ (the reference) … ℓ_K present in the data is K − 1
 * indicator columns (treatment contrasts), named {@code <variable>=<level>} ({@code sex=F},
 * {@code group=lung}). Levels absent from the data are not levels here (R's empty factor levels would give
 * all-zero columns and NA coefficients); a variable with one level present gives no column (R stops
 * with "contrasts can be applied only to factors with 2 or more levels").</li>
 * </ul>
 *
 * <p>Each column is encoded as x' = (x − center)·scale, R's {@code coxfit6} centring and scaling: a
 * column whose values are all in {−1, 0, 1} (indicators; R's {@code nocenter}) has center 0 and scale 1;
 * any other has center = its mean and scale = n / Σ|x − mean| (1 when that sum is 0). The fit works on
 * the encoded scale and reports coefficients on the original one (β = β'·scale), as R does; the
 * encoding changes no estimate, only the rounding and the Cholesky pivot tolerance, which are R's then.
 *
 * @param variables the model's variables in formula order
 */
public record CoxDesign(List<Variable> variables) {

    /** Kind of a variable. */
    public enum Kind {
        NUMERIC, CATEGORICAL
    }

    /**
     * One variable of the formula.
     *
     * @param name    the variable ({@code group}, {@code age}, {@code sex})
     * @param kind    numeric or categorical
     * @param levels  categorical: the levels present, reference first; numeric: empty
     * @param columns its columns in the design (possibly none)
     */
    public record Variable(String name, Kind kind, List<String> levels, List<Column> columns) {
        public Variable {
            Objects.requireNonNull(name, "name");
            levels = List.copyOf(levels);
            columns = List.copyOf(columns);
        }

        /** The reference level of a categorical variable (null for a numeric one). */
        public String reference() {
            return levels.isEmpty() ? null : levels.get(0);
        }
    }

    /**
     * One column of the design.
     *
     * @param term     its name: {@code <variable>} or {@code <variable>=<level>}
     * @param variable the variable it belongs to
     * @param level    the level it indicates, or null for a numeric column
     * @param center   subtracted before scaling
     * @param scale    multiplier after centring
     */
    public record Column(String term, String variable, String level, double center, double scale) {

        /** The encoded value x' = (x − center)·scale of a numeric value or an indicator (0/1). */
        public double encode(double x) {
            return (x - center) * scale;
        }
    }

    public CoxDesign {
        variables = List.copyOf(variables);
        List<String> seen = new ArrayList<>();
        for (Variable v : variables) {
            if (seen.contains(v.name())) {
                throw new IllegalArgumentException("variable '" + v.name() + "' is in the model twice");
            }
            seen.add(v.name());
        }
    }

    /**
     * A numeric variable from its summary over the model's rows.
     *
     * @param n               rows
     * @param mean            Σx / n
     * @param sumAbsDeviation Σ|x − mean|
     * @param unitValued      every value is −1, 0 or 1 (then neither centred nor scaled, as R)
     */
    public static Variable numeric(String name, long n, double mean, double sumAbsDeviation, boolean unitValued) {
        double center = unitValued ? 0 : mean;
        double scale = unitValued || !(sumAbsDeviation > 0) ? 1 : n / sumAbsDeviation;
        return new Variable(name, Kind.NUMERIC, List.of(), List.of(new Column(name, name, null, center, scale)));
    }

    /**
     * A categorical variable with the levels present in the model's rows, reference first (none or one
     * level: no column).
     */
    public static Variable categorical(String name, List<String> levels) {
        if (levels.stream().distinct().count() != levels.size()) {
            throw new IllegalArgumentException("categorical variable '" + name + "' lists a level twice: " + levels);
        }
        List<Column> cols = new ArrayList<>();
        for (String level : levels.subList(Math.min(1, levels.size()), levels.size())) {
            cols.add(new Column(name + "=" + level, name, level, 0, 1));
        }
        return new Variable(name, Kind.CATEGORICAL, levels, cols);
    }

    /** Every column, variable by variable: the order of the coefficients. */
    public List<Column> columns() {
        List<Column> out = new ArrayList<>();
        for (Variable v : variables) {
            out.addAll(v.columns());
        }
        return out;
    }

    /** The variable named {@code name}; throws when absent. */
    public Variable variable(String name) {
        for (Variable v : variables) {
            if (v.name().equals(name)) {
                return v;
            }
        }
        throw new IllegalArgumentException("no variable '" + name + "' in the model");
    }

    /**
     * The levels present, ordered: first those of {@code preferred} (a study's configured order) in that
     * order, then the others in natural order (as numbers when every one parses as a number, else by
     * code point, i.e. UTF-8 byte order); {@code reference}, when given, moved first.
     *
     * @throws IllegalArgumentException the reference is not among the levels present
     */
    public static List<String> orderLevels(Collection<String> present, List<String> preferred, String reference) {
        List<String> out = new ArrayList<>();
        for (String l : preferred) {
            if (present.contains(l) && !out.contains(l)) {
                out.add(l);
            }
        }
        List<String> rest = new ArrayList<>();
        for (String l : present) {
            if (!out.contains(l) && !rest.contains(l)) {
                rest.add(l);
            }
        }
        rest.sort(naturalOrder(rest));
        out.addAll(rest);
        if (reference != null) {
            if (!out.remove(reference)) {
                throw new IllegalArgumentException("reference level '" + reference + "' is not among the levels "
                        + out);
            }
            out.add(0, reference);
        }
        return out;
    }

    private static Comparator<String> naturalOrder(List<String> levels) {
        for (String l : levels) {
            if (!isNumber(l)) {
                return CoxDesign::compareCodePoints;
            }
        }
        return Comparator.<String>comparingDouble(Double::parseDouble).thenComparing(CoxDesign::compareCodePoints);
    }

    private static final java.util.regex.Pattern NUMBER =
            java.util.regex.Pattern.compile("[-+]?(\\d+\\.?\\d*|\\.\\d+)([eE][-+]?\\d+)?");

    private static boolean isNumber(String s) {
        return NUMBER.matcher(s).matches();
    }

    private static int compareCodePoints(String a, String b) {
        return java.util.Arrays.compare(a.codePoints().toArray(), b.codePoints().toArray());
    }
}
