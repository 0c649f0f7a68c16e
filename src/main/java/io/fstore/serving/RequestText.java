package io.fstore.serving;

/**
 * Request text FStore refuses or logs: ids, group names and query values must be printable (no control character,
 * which could split a log line or a header), and whatever of a request goes into a log is escaped first.
 */
final class RequestText {

    static final String CONTROL_CHARACTER = "control_character";
    private static final int MAX_LOGGED = 300;

    private RequestText() {
    }

    /** Refuses (400, naming {@code field}) a value with a character below U+0020 or U+007F. */
    static void requirePrintable(String value, String field) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                throw refused(field, c, i);
            }
        }
    }

    /**
     * Refuses (400, naming the parameter) a raw, still percent-encoded query string in which a name or value is or
     * decodes to a control character, e.g. {@code ?customer_id=c1%0d%0a}.
     */
    static void requirePrintableQuery(String rawQuery) {
        if (rawQuery == null) {
            return;
        }
        int start = 0;
        for (int i = 0; i <= rawQuery.length(); i++) {
            if (i == rawQuery.length() || rawQuery.charAt(i) == '&') {
                requirePrintableParameter(rawQuery, start, i);
                start = i + 1;
            }
        }
    }

    private static void requirePrintableParameter(String query, int from, int to) {
        int eq = query.indexOf('=', from);
        int nameEnd = eq < 0 || eq > to ? to : eq;
        int bad = firstControlCharacter(query, from, nameEnd);
        if (bad < 0 && nameEnd < to) {
            bad = firstControlCharacter(query, nameEnd + 1, to);
        }
        if (bad >= 0) {
            throw refused(forLog(decoded(query.substring(from, nameEnd))), (char) (bad >> 16), bad & 0xffff);
        }
    }

    private static String decoded(String raw) {
        try {
            return java.net.URLDecoder.decode(raw, java.nio.charset.StandardCharsets.UTF_8);
        } catch (IllegalArgumentException malformed) {
            return raw;
        }
    }

    /**
     * The first control character of the percent-encoded {@code query[from, to)}: its code in the upper 16 bits,
     * its index in the decoded text in the lower; -1 when there is none.
     */
    private static int firstControlCharacter(String query, int from, int to) {
        int decodedIndex = 0;
        for (int i = from; i < to; i++, decodedIndex++) {
            int c = query.charAt(i);
            if (c == '%' && i + 2 < to) {
                int hi = Character.digit(query.charAt(i + 1), 16);
                int lo = Character.digit(query.charAt(i + 2), 16);
                if (hi >= 0 && lo >= 0) {
                    c = hi * 16 + lo;
                    i += 2;
                }
            }
            if (c < 0x20 || c == 0x7f) {
                return c << 16 | Math.min(decodedIndex, 0xffff);
            }
        }
        return -1;
    }

    private static ApiException refused(String field, char c, int index) {
        return new ApiException(400, CONTROL_CHARACTER, field, String.format(
                "contains the control character U+%04X at index %d; ids, names and query values must be printable "
                        + "text", (int) c, index));
    }

    /** {@code text} as one printable log line: control characters escaped ({@code \n}, {@code \u0000}), shortened. */
    static String forLog(String text) {
        return forLog(text, MAX_LOGGED);
    }

    /** {@link #forLog(String)} shortened to about {@code max} characters. */
    static String forLog(String text, int max) {
        if (text == null) {
            return "null";
        }
        StringBuilder out = new StringBuilder(Math.min(text.length(), max) + 16);
        for (int i = 0; i < text.length(); i++) {
            if (out.length() >= max) {
                return out.append("… (").append(text.length()).append(" characters)").toString();
            }
            char c = text.charAt(i);
            switch (c) {
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\\' -> out.append("\\\\");
                default -> {
                    if (c < 0x20 || c == 0x7f) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }
}
