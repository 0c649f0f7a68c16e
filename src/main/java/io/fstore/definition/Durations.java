package io.fstore.definition;

import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses the short durations users write: {@code 30s}, {@code 5m}, {@code 1h}, {@code 30d}, {@code 2w}. */
public final class Durations {

    public static final String FORMAT = "a number followed by s, m, h, d or w (e.g. 30s, 5m, 1h, 30d)";
    /**
     * The longest duration a definition may give (100 years). It keeps every sum the stores and the scheduler make
     * (event time + ttl in epoch microseconds or milliseconds, a timer period in milliseconds) far from overflow.
     */
    public static final Duration MAX = Duration.ofDays(36_500);
    private static final Pattern SHORT = Pattern.compile("(\\d+)\\s*([smhdw])");
    /** More digits than any duration up to {@link #MAX} needs; parsed as "too long", never as an overflowed number. */
    private static final int MAX_DIGITS = 12;

    private Durations() {
    }

    /**
     * @return the duration, or empty when the text is not in {@link #FORMAT}. A number too large for any duration
     * comes back longer than {@link #MAX} (callers check the range), never as an overflow.
     */
    public static Optional<Duration> parse(String text) {
        Matcher m = SHORT.matcher(text.trim());
        if (!m.matches()) {
            return Optional.empty();
        }
        String digits = m.group(1).replaceFirst("^0+(?=\\d)", "");
        if (digits.length() > MAX_DIGITS) {
            return Optional.of(MAX.plusSeconds(1));
        }
        long n = Long.parseLong(digits);
        return Optional.of(switch (m.group(2)) {
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            case "d" -> Duration.ofDays(n);
            default -> Duration.ofDays(7 * n);
        });
    }

    /** The short form of a duration, as a user would write it: {@code 36500d}, {@code 24h} (a day in hours), {@code 1s}. */
    public static String format(Duration d) {
        long s = d.toSeconds();
        if (s % 86_400 == 0 && s > 86_400) {
            return s / 86_400 + "d";
        }
        if (s % 3_600 == 0) {
            return s / 3_600 + "h";
        }
        if (s % 60 == 0) {
            return s / 60 + "m";
        }
        return s + "s";
    }
}
