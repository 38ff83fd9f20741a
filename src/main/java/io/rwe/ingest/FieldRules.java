package io.rwe.ingest;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.length;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.to_date;
import static org.apache.spark.sql.functions.try_element_at;
import static org.apache.spark.sql.functions.try_to_timestamp;
import static org.apache.spark.sql.functions.upper;
import static org.apache.spark.sql.functions.when;

import io.rwe.registry.ColumnSpec;
import io.rwe.registry.ExtractTable;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;

/**
 * The field rules of registry-extract.md ("What is a bad record"), as Spark column expressions: each
 * row's values are typed (string, date, double, int; codes in the spec's spelling) and the first rule
 * it fails becomes its {@code _error} — a struct {@code (reason, field, message)}, null when the row
 * passes. Rules per column, the columns in spec order: required value present; string length; code in
 * its list; date or number parses; number in range; date not before 1900-01-01 and not after the
 * extract date. Then, across columns: {@code death_date} not before {@code birth_date} nor after
 * {@code last_contact_date}. A row that is no well-formed CSV row fails before any field rule.
 */
public final class FieldRules {
    /** A plain decimal: optional sign, digits with an optional fraction, or a fraction alone; no exponent. */
    static final String DECIMAL = "^[+-]?([0-9]+([.][0-9]*)?|[.][0-9]+)$";
    /** A whole number (18 digits at most, so that it fits a long before the range check). */
    static final String WHOLE = "^[+-]?[0-9]{1,18}$";
    static final LocalDate EARLIEST = LocalDate.of(1900, 1, 1);

    private FieldRules() {
    }

    /** The error struct of a failed rule. */
    static Column error(QuarantineReason reason, String field, Column message) {
        Column f = field == null ? lit(null).cast(DataTypes.StringType) : lit(field);
        return struct(lit(reason.code()).as("reason"), f.as("field"), message.as("message"));
    }

    /**
     * Applies the field rules to the rows read from a file of {@code table}: input columns
     * {@code _line, _at, _len, _malformed} and one string column per spec column; output {@code _line},
     * {@code _at, _len} (the raw line's byte range, see {@link RawText}), the typed spec columns, and
     * {@code _error}.
     */
    public static Dataset<Row> apply(Dataset<Row> read, ExtractTable table, RegistryMapping mapping, LocalDate extractDate) {
        // Two projections: the first parses every value once (as "<name>", the text kept as "_in_<name>"),
        // the second states the rules on the parsed values. Spark keeps the two apart (it does not inline a
        // parse that is used more than once), so a date is parsed once, not once per rule that reads it.
        List<Column> parsed = new ArrayList<>();
        parsed.add(col("_line"));
        parsed.add(col("_at"));
        parsed.add(col("_len"));
        parsed.add(col("_malformed"));
        for (ColumnSpec c : table.columns()) {
            String n = c.name();
            Column v = col(n);
            parsed.add(v.as(IN + n));
            Column typed = switch (c.type()) {
                case STRING -> v;
                case CODE -> code(v, mapping.codes(table, c));
                case DATE -> date(v, mapping.dateFormat());
                case NUMBER -> when(v.rlike(DECIMAL), v.try_cast(DataTypes.DoubleType));
                case INTEGER -> when(v.rlike(WHOLE), v.try_cast(DataTypes.LongType));
            };
            parsed.add(typed.as(n));
        }
        List<Column> errors = new ArrayList<>();
        List<Column> out = new ArrayList<>();
        out.add(col("_line"));
        out.add(col("_at"));
        out.add(col("_len"));
        errors.add(when(col("_malformed").isNotNull(),
                error(QuarantineReason.MALFORMED_ROW, null, concat(lit("not a well-formed CSV row: "), col("_malformed")))));
        Column extract = lit(java.sql.Date.valueOf(extractDate));
        Column earliest = lit(java.sql.Date.valueOf(EARLIEST));
        for (ColumnSpec c : table.columns()) {
            String n = c.name();
            Column v = col(IN + n);
            Column typed = col(n);
            Column quoted = concat(lit(n + ": '"), v, lit("'"));
            if (c.required()) {
                errors.add(when(v.isNull(), error(QuarantineReason.MISSING_REQUIRED, n,
                        lit(n + ": required value is empty"))));
            }
            switch (c.type()) {
                case STRING -> {
                    if (c.maxLength() > 0) {
                        errors.add(when(length(v).gt(c.maxLength()), error(QuarantineReason.VALUE_TOO_LONG, n,
                                concat(lit(n + ": "), length(v).cast(DataTypes.StringType),
                                        lit(" characters, at most " + c.maxLength() + " allowed")))));
                    }
                }
                case CODE -> errors.add(when(v.isNotNull().and(typed.isNull()), error(QuarantineReason.INVALID_CODE, n,
                        concat(quoted, lit(" is not one of " + String.join(", ", mapping.codes(table, c).keySet()))))));
                case DATE -> {
                    errors.add(when(v.isNotNull().and(typed.isNull()), error(QuarantineReason.INVALID_DATE, n,
                            concat(quoted, lit(" is not a date in the form " + mapping.dateFormat())))));
                    errors.add(when(typed.lt(earliest), error(QuarantineReason.DATE_BEFORE_1900, n,
                            concat(quoted, lit(" is before 1900-01-01")))));
                    errors.add(when(typed.gt(extract), error(QuarantineReason.DATE_AFTER_EXTRACT, n,
                            concat(quoted, lit(" is after the extract date " + extractDate)))));
                }
                case NUMBER -> {
                    errors.add(when(v.isNotNull().and(typed.isNull()), error(QuarantineReason.INVALID_NUMBER, n,
                            concat(quoted, lit(" is not a plain decimal number")))));
                    errors.add(when(outside(typed, c), error(QuarantineReason.OUT_OF_RANGE, n,
                            concat(quoted, lit(" is outside " + range(c))))));
                }
                case INTEGER -> {
                    // typed is the whole number as a long here; the output is an int, null when out of range.
                    errors.add(when(v.isNotNull().and(typed.isNull()), error(QuarantineReason.INVALID_NUMBER, n,
                            concat(quoted, lit(" is not a whole number")))));
                    errors.add(when(outside(typed, c), error(QuarantineReason.OUT_OF_RANGE, n,
                            concat(quoted, lit(" is outside " + range(c))))));
                    typed = when(outside(typed, c), lit(null).cast(DataTypes.IntegerType))
                            .otherwise(typed.cast(DataTypes.IntegerType));
                }
                default -> throw new IllegalStateException("unknown type " + c.type());
            }
            out.add(typed.as(n));
        }
        if (table == ExtractTable.PATIENTS) {
            Column death = col("death_date");
            Column birth = col("birth_date");
            Column last = col("last_contact_date");
            errors.add(when(death.lt(birth), error(QuarantineReason.DEATH_BEFORE_BIRTH, "death_date",
                    concat(lit("death_date: '"), col(IN + "death_date"), lit("' precedes birth_date '"),
                            col(IN + "birth_date"), lit("'")))));
            errors.add(when(death.gt(last), error(QuarantineReason.DEATH_AFTER_LAST_CONTACT, "death_date",
                    concat(lit("death_date: '"), col(IN + "death_date"), lit("' follows last_contact_date '"),
                            col(IN + "last_contact_date"), lit("'")))));
        }
        out.add(coalesce(errors.toArray(new Column[0])).as("_error"));
        return read.select(parsed.toArray(new Column[0])).select(out.toArray(new Column[0]));
    }

    /** The prefix of the text of a value, kept beside its parsed form between the two projections. */
    private static final String IN = "_in_";

    /**
     * A code looked up in the registry's spellings ({@code codes}: spelling to canonical code), exact
     * spellings first (the codes as configured, upper- and lower-case: most values are written so, and
     * then the case mapping of upper() is not needed), then case-insensitively; null when not a code.
     */
    static Column code(Column v, Map<String, String> codes) {
        List<Column> kv = new ArrayList<>();
        for (Map.Entry<String, String> e : codes.entrySet()) {
            kv.add(lit(e.getKey().toUpperCase(Locale.ROOT)));
            kv.add(lit(e.getValue()));
        }
        Map<String, String> exact = new java.util.LinkedHashMap<>();
        for (Map.Entry<String, String> e : codes.entrySet()) {
            String k = e.getKey();
            for (String variant : List.of(k, k.toUpperCase(Locale.ROOT), k.toLowerCase(Locale.ROOT))) {
                if (variant.toUpperCase(Locale.ROOT).equals(k.toUpperCase(Locale.ROOT))) {
                    exact.putIfAbsent(variant, e.getValue());
                }
            }
        }
        List<Column> ekv = new ArrayList<>();
        for (Map.Entry<String, String> e : exact.entrySet()) {
            ekv.add(lit(e.getKey()));
            ekv.add(lit(e.getValue()));
        }
        return coalesce(try_element_at(functions.map(ekv.toArray(new Column[0])), v),
                try_element_at(functions.map(kv.toArray(new Column[0])), upper(v)));
    }

    /** The ISO form {@code yyyy-MM-dd}: four-digit year, two-digit month and day, no sign. */
    static final String ISO_DATE = "^[0-9]{4}-[0-9]{2}-[0-9]{2}$";

    /**
     * A date value parsed strictly with {@code pattern}; null when it does not parse (no such calendar
     * date included). For the ISO pattern {@code yyyy-MM-dd}, a shape check and a cast (which rejects
     * dates that do not exist, such as 2020-02-30), which accepts exactly what the pattern accepts;
     * otherwise the pattern itself.
     */
    static Column date(Column v, String pattern) {
        if (pattern.equals("yyyy-MM-dd")) {
            return when(v.rlike(ISO_DATE), v.try_cast(DataTypes.DateType));
        }
        return to_date(try_to_timestamp(v, lit(pattern)));
    }

    /** True when a parsed number lies outside the column's range (null when the number is missing). */
    static Column outside(Column number, ColumnSpec c) {
        Column below = c.minExclusive() ? number.leq(c.min()) : number.lt(c.min());
        Column out = below;
        if (!Double.isInfinite(c.max())) {
            out = out.or(number.gt(c.max()));
        }
        return out;
    }

    /** The range in words: {@code [0, ∞)}, {@code (0, ∞)}, {@code [1, 5]}. */
    static String range(ColumnSpec c) {
        String lo = (c.minExclusive() ? "(" : "[") + fmt(c.min());
        String hi = Double.isInfinite(c.max()) || c.max() >= Integer.MAX_VALUE ? "∞)" : fmt(c.max()) + "]";
        return lo + ", " + hi;
    }

    private static String fmt(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }
}
