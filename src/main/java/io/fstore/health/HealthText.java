package io.fstore.health;

/**
 * The message of a health check, on one line. Camel 4.17's management server writes a check's details into its JSON
 * answer as they are (escaped once, correctly) but escapes the message twice ({@code Jsoner.escape}, then again when
 * it writes the answer), so a client that parses the answer reads the message with JSON escapes in it. A message made
 * of what needs no escaping reads back as written: line breaks and other control characters become one space, double
 * quotes single ones. The full text goes into a detail ({@code error}) as well.
 */
final class HealthText {

    private HealthText() {
    }

    /** The text on one line, without double quotes ({@code null} reads as empty). */
    static String oneLine(String text) {
        if (text == null) {
            return "";
        }
        return text.replaceAll("\\s*[\\p{Cntrl}\\u2028\\u2029]+\\s*", " ").replace('"', '\'').strip();
    }
}
