package io.rwe.report;

/** HTML text escaping: every string that comes from data goes through {@link #escape}. */
final class Html {

    private Html() {
    }

    /**
     * {@code s} with {@code & < > " '} replaced by entities, safe inside element content and inside
     * double- or single-quoted attribute values, and without bidirectional formatting characters
     * ({@link io.rwe.core.DisplayText}); {@code null} becomes the empty string.
     */
    static String escape(String s) {
        if (s == null) {
            return "";
        }
        s = io.rwe.core.DisplayText.withoutBidiControls(s);
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }
}
