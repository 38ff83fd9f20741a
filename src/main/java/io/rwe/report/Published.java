package io.rwe.report;

/**
 * One number as the paper prints it.
 *
 * @param path    where the registry's value lives in results.json (dotted; {@code *} = any child)
 * @param printed the count or value exactly as printed ({@code "3.37"}, {@code "<0.001"}), or null
 *                when the paper prints only a percentage
 * @param pct     the percentage printed beside it ({@code "9.9"}), or null
 * @param of      the paper's denominator of {@code pct}
 * @param ofPath  where the registry's denominator lives in results.json
 * @param where   where in the paper it appears
 */
record Published(String path, String printed, String pct, Integer of, String ofPath, String where) {
}
