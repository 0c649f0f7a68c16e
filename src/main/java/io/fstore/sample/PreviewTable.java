package io.fstore.sample;

import java.io.PrintStream;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import io.fstore.model.Feature;
import io.fstore.model.FeatureGroup;
import io.fstore.model.FeatureRow;
import io.fstore.model.FloatVector;
import io.fstore.normalize.QuarantinedRow;

/**
 * {@code preview}'s output: a group's sampled rows as they would be stored (entity key, event time, one column per
 * feature) in a plain-text table, then each quarantined row with its reason. Long cells are cut to
 * {@value #MAX_CELL} characters (ending in "…"), control characters (line breaks, terminal escapes) shown as spaces; lists and vectors show their first values and their length.
 */
public final class PreviewTable {

    static final int MAX_CELL = 40;
    /** A quarantine reason quotes the bad value, which may be any length. */
    static final int MAX_REASON = 200;
    /**
     * What a terminal would act on rather than show: C0, DEL and C1 controls (U+0085 next line, U+009B CSI), the line
     * and paragraph separators, and the bidi embedding, override and isolate controls.
     */
    private static final java.util.regex.Pattern CONTROL =
            java.util.regex.Pattern.compile("[\\p{Cc}\\u2028\\u2029\\u202A-\\u202E\\u2066-\\u2069]");
    private static final int SHOWN_ELEMENTS = 4;

    private PreviewTable() {
    }

    public static void print(SourceSample sample, PrintStream out) {
        FeatureGroup group = sample.group();
        List<String> header = new ArrayList<>();
        header.add(group.entity().key());
        header.add("event_timestamp");
        group.features().forEach(f -> header.add(f.name() + " (" + f.type().yamlName() + ")"));
        List<List<String>> rows = new ArrayList<>();
        for (FeatureRow row : sample.normalized().rows()) {
            List<String> cells = new ArrayList<>();
            cells.add(cut(row.entityId()));
            cells.add(row.eventTimestamp().toString());
            for (int i = 0; i < group.features().size(); i++) {
                cells.add(cut(text(group.features().get(i), row.values()[i])));
            }
            rows.add(cells);
        }
        int[] widths = new int[header.size()];
        for (int c = 0; c < widths.length; c++) {
            widths[c] = header.get(c).length();
            for (List<String> r : rows) {
                widths[c] = Math.max(widths[c], r.get(c).length());
            }
        }
        out.println(line(header, widths));
        out.println(java.util.Arrays.stream(widths).mapToObj("-"::repeat).collect(Collectors.joining("-|-")));
        rows.forEach(r -> out.println(line(r, widths)));
        out.println(sample.normalized().rows().size() + " row(s) of " + sample.records().size() + " read; "
                + sample.normalized().quarantined().size() + " quarantined");
        List<QuarantinedRow> bad = sample.normalized().quarantined();
        for (QuarantinedRow q : bad) {
            out.println("quarantined: " + plain(q.reason(), MAX_REASON) + "; row "
                    + plain(q.row().toString(), 2 * MAX_CELL));
        }
    }

    private static String line(List<String> cells, int[] widths) {
        StringBuilder b = new StringBuilder();
        for (int c = 0; c < cells.size(); c++) {
            if (c > 0) {
                b.append(" | ");
            }
            b.append(cells.get(c)).append(" ".repeat(widths[c] - cells.get(c).length()));
        }
        return b.toString().stripTrailing();
    }

    /** A value as a user reads it: null as "null", decimals in full, lists and vectors abbreviated. */
    static String text(Feature feature, Object value) {
        if (value == null) {
            return "null";
        }
        if (value instanceof BigDecimal d) {
            return d.toPlainString();
        }
        if (value instanceof FloatVector v) {
            List<String> shown = new ArrayList<>();
            for (int i = 0; i < Math.min(SHOWN_ELEMENTS, v.dimension()); i++) {
                shown.add(Float.toString(v.get(i)));
            }
            return elements(shown, v.dimension());
        }
        if (value instanceof List<?> list) {
            return elements(list.stream().limit(SHOWN_ELEMENTS).map(e -> e instanceof String s ? "\"" + s + "\""
                    : String.valueOf(e)).collect(Collectors.toList()), list.size());
        }
        return value.toString();
    }

    private static String elements(List<String> shown, int size) {
        return "[" + String.join(", ", shown) + (size > shown.size() ? ", … " + size + " values" : "") + "]";
    }

    /** Cut to {@link #MAX_CELL} characters; control characters as spaces, so each row stays one plain line. */
    static String cut(String text) {
        return plain(text, MAX_CELL);
    }

    /**
     * The text as one plain line of at most {@code max} characters: control characters as spaces, cut (ending in
     * "…") between two characters, never inside a surrogate pair.
     */
    static String plain(String text, int max) {
        String flat = CONTROL.matcher(text).replaceAll(" ");
        if (flat.length() <= max) {
            return flat;
        }
        int end = max - 1;
        if (Character.isHighSurrogate(flat.charAt(end - 1))) {
            end--;
        }
        return flat.substring(0, end) + "…";
    }
}
