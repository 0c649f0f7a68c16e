package io.fstore.source.cassandra;

import java.util.BitSet;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The few things FStore reads from the text of a CQL SELECT, outside string literals ({@code '...'}, {@code $$...$$}),
 * quoted names ({@code "..."}) and comments: its bind markers ({@code ?}, {@code :name}), whether it has a WHERE, where
 * its trailing clauses begin (GROUP BY, ORDER BY, PER PARTITION LIMIT, LIMIT, ALLOW FILTERING) and what it orders by.
 * CQL has no subqueries, so a keyword outside literals belongs to the statement itself.
 */
final class CqlText {

    private static final Pattern TRAILING = Pattern.compile(
            "\\b(GROUP\\s+BY|ORDER\\s+BY|PER\\s+PARTITION\\s+LIMIT|LIMIT|ALLOW\\s+FILTERING)\\b");
    private static final Pattern WHERE = Pattern.compile("\\bWHERE\\b");
    private static final Pattern ORDER_BY = Pattern.compile("\\bORDER\\s+BY\\s+(\"(?:[^\"]|\"\")+\"|[A-Z0-9_]+)"
            + "(\\s+(ASC|DESC))?");

    private final String text;
    /** The text with literals and comments blanked out (same length, upper case; quoted names kept for ORDER BY). */
    private final String code;
    /** {@link #code} with quoted names blanked too: where keywords are looked for (a column may be named "LIMIT"). */
    private final String keywords;
    /** The characters of the text that are comments. */
    private final BitSet comments = new BitSet();
    private final int markers;

    CqlText(String text) {
        this.text = text;
        StringBuilder blanked = new StringBuilder(text.length());
        StringBuilder bare = new StringBuilder(text.length());
        int count = 0;
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            int end = skip(text, i);
            if (end > i) {
                // a quoted name keeps its text for ORDER BY; literals and comments become spaces
                String part = text.substring(i, end);
                blanked.append(c == '"' ? part : " ".repeat(part.length()));
                bare.append(" ".repeat(part.length()));
                if (c != '"' && c != '\'' && c != '$') {
                    comments.set(i, end);
                }
                i = end;
                continue;
            }
            if (c == '?' || c == ':' && i + 1 < text.length() && isNameStart(text.charAt(i + 1))) {
                count++;
            }
            blanked.append(Character.toUpperCase(c));
            bare.append(Character.toUpperCase(c));
            i++;
        }
        this.code = blanked.toString();
        this.keywords = bare.toString();
        this.markers = count;
    }

    /** Where the literal, quoted name or comment starting at {@code i} ends; {@code i} when none starts there. */
    private static int skip(String s, int i) {
        char c = s.charAt(i);
        if (c == '\'' || c == '"') {
            int j = i + 1;
            while (j < s.length()) {
                if (s.charAt(j) == c) {
                    if (j + 1 < s.length() && s.charAt(j + 1) == c) {
                        j += 2; // '' or "" inside
                        continue;
                    }
                    return j + 1;
                }
                j++;
            }
            return s.length();
        }
        if (s.startsWith("$$", i)) {
            int end = s.indexOf("$$", i + 2);
            return end < 0 ? s.length() : end + 2;
        }
        if (s.startsWith("--", i) || s.startsWith("//", i)) {
            int end = s.indexOf('\n', i);
            return end < 0 ? s.length() : end;
        }
        if (s.startsWith("/*", i)) {
            int end = s.indexOf("*/", i + 2);
            return end < 0 ? s.length() : end + 2;
        }
        return i;
    }

    private static boolean isNameStart(char c) {
        return Character.isLetter(c) || c == '_';
    }

    /**
     * The statement ending in a line break when it ends in a line comment ({@code -- ...}, {@code // ...}): Cassandra's
     * lexer only ends such a comment at a line break, and refuses the statement otherwise.
     */
    String terminated() {
        return !text.isEmpty() && comments.get(text.length() - 1) && !text.endsWith("*/") && !text.endsWith("\n")
                ? text + "\n" : text;
    }

    /** The bind markers ({@code ?} and {@code :name}) of the statement. */
    int markers() {
        return markers;
    }

    boolean isSelect() {
        return code.stripLeading().startsWith("SELECT") && code.stripLeading().matches("(?s)SELECT\\b.*");
    }

    /** True when the statement ends in {@code ALLOW FILTERING} (as its user wrote it). */
    boolean allowsFiltering() {
        return Pattern.compile("\\bALLOW\\s+FILTERING\\s*$").matcher(keywords).find();
    }

    /** The column of the statement's first ORDER BY term when it is ascending; empty without ORDER BY or DESC. */
    Optional<String> ascendingOrderColumn() {
        Matcher m = ORDER_BY.matcher(code);
        boolean found = m.find();
        while (found && !keywords.startsWith("ORDER", m.start())) { // an ORDER BY inside a quoted name
            found = m.find();
        }
        if (!found || "DESC".equals(m.group(3))) {
            return Optional.empty();
        }
        String name = text.substring(m.start(1), m.end(1));
        return Optional.of(name.startsWith("\"") ? name.substring(1, name.length() - 1).replace("\"\"", "\"")
                : name.toLowerCase(Locale.ROOT));
    }

    /**
     * The statement with {@code condition} added to its WHERE ({@code AND condition}, or {@code WHERE condition} when
     * it has none), before its trailing clauses; and the position of the first bind marker of {@code condition} among
     * all the markers of the result.
     */
    Restricted restrict(String condition) {
        Matcher trailing = TRAILING.matcher(keywords);
        int at = trailing.find() ? trailing.start() : keywords.length();
        // the condition goes after the last code before the trailing clauses: a comment there stays behind it
        int cut = at;
        while (cut > 0 && (comments.get(cut - 1) || Character.isWhitespace(text.charAt(cut - 1)))) {
            cut--;
        }
        String head = text.substring(0, cut);
        String tail = text.substring(cut).stripLeading();
        boolean hasWhere = WHERE.matcher(keywords.substring(0, cut)).find();
        String joined = head + (hasWhere ? " AND " : " WHERE ") + condition + (tail.isEmpty() ? "" : " " + tail);
        int before = new CqlText(head).markers();
        return new Restricted(new CqlText(joined).terminated(), before);
    }

    /** A statement with one more condition, and the index of that condition's bind marker. */
    record Restricted(String cql, int markerIndex) {
    }
}
