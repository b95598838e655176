package io.kdstream.evaluator.report;

import java.util.Locale;

/** Escaping and number formats shared by the SVG, HTML and Markdown renderers. */
final class Markup {

    private Markup() {}

    /**
     * Escapes text for XML and HTML, content and quoted attributes alike: labels are free text from
     * whoever submitted the experiment.
     *
     * @param text the text, or {@code null}
     * @return the escaped text, empty for {@code null}
     */
    static String escape(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    /** Formats with the root locale, so a report reads the same on every machine. */
    static String format(String pattern, Object... values) {
        return String.format(Locale.ROOT, pattern, values);
    }

    /** An accuracy in [0, 1] as a percentage, e.g. {@code 98.12%}. */
    static String percent(double accuracy) {
        return format("%.2f%%", accuracy * 100);
    }

    /** A number without trailing zeros, e.g. {@code 2} or {@code 0.5}. */
    static String plain(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
    }
}
