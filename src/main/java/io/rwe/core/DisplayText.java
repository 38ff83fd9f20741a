package io.rwe.core;

/**
 * Text from the data as it may be shown to a reader (report pages, tables): without the Unicode
 * bidirectional formatting characters, which would make a term read differently from what it is (a
 * right-to-left override turns {@code "\u202Eetaflas"} into what looks like another word, and can
 * reorder the text around it; the "Trojan Source" class of problem). Removed: U+061C ARABIC LETTER MARK,
 * U+200E LEFT-TO-RIGHT MARK, U+200F RIGHT-TO-LEFT MARK, U+202A..U+202E (embeddings, overrides, pop),
 * U+2066..U+2069 (isolates, pop).
 */
public final class DisplayText {

    private DisplayText() {
    }

    /** Whether {@code c} is a bidirectional formatting character. */
    static boolean bidiControl(char c) {
        return c == '\u061C' || c == '\u200E' || c == '\u200F' || (c >= '\u202A' && c <= '\u202E')
                || (c >= '\u2066' && c <= '\u2069');
    }

    /** {@code s} without bidirectional formatting characters ({@code null} stays {@code null}). */
    public static String withoutBidiControls(String s) {
        if (s == null) {
            return null;
        }
        int i = 0;
        while (i < s.length() && !bidiControl(s.charAt(i))) {
            i++;
        }
        if (i == s.length()) {
            return s;
        }
        StringBuilder b = new StringBuilder(s.length());
        for (int j = 0; j < s.length(); j++) {
            char c = s.charAt(j);
            if (!bidiControl(c)) {
                b.append(c);
            }
        }
        return b.toString();
    }
}
