package io.fstore.definition;

import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses the short durations users write: {@code 30s}, {@code 5m}, {@code 1h}, {@code 30d}, {@code 2w}. */
public final class Durations {

    public static final String FORMAT = "a number followed by s, m, h, d or w (e.g. 30s, 5m, 1h, 30d)";
    private static final Pattern SHORT = Pattern.compile("(\\d+)\\s*([smhdw])");

    private Durations() {
    }

    public static Optional<Duration> parse(String text) {
        Matcher m = SHORT.matcher(text.trim());
        if (!m.matches()) {
            return Optional.empty();
        }
        long n = Long.parseLong(m.group(1));
        return Optional.of(switch (m.group(2)) {
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            case "d" -> Duration.ofDays(n);
            default -> Duration.ofDays(7 * n);
        });
    }
}
