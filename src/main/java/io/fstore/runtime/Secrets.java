package io.fstore.runtime;

import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Keeps passwords out of every message FStore prints, logs or throws. Two layers: patterns that mask what looks like
 * a secret in any text (a URL's {@code password=} parameter, the password in {@code scheme://user:password@host}), and
 * the configured secret values themselves, masked wherever they appear (a driver may echo them anywhere).
 */
public final class Secrets {

    public static final String MASK = "***";
    /** {@code password=...}, {@code sslPassword=...}, {@code pwd=...} in URLs and connection strings. */
    private static final Pattern KEY_VALUE = Pattern.compile(
            "(?i)(\\b[\\w.-]*(?:password|passwd|pwd|secret)\\s*=\\s*)([^&;\\s,)'\"]+)");
    /** {@code scheme://user:password@host}: the password part, up to the {@code @} (never across / ; or spaces). */
    private static final Pattern USER_INFO = Pattern.compile("(?i)(\\b[a-z][a-z0-9+.-]*://[^/@\\s:;]*:)([^@/\\s;]+)@");
    /** Property keys whose values are secrets: {@code fstore.datasource.dw.password}, {@code ...token}. */
    private static final Pattern SECRET_KEY = Pattern.compile("(?i).*(password|passwd|secret|token).*");

    private final List<String> values;

    private Secrets(Set<String> values) {
        this.values = values.stream().filter(v -> !v.isEmpty() && !v.equals(MASK))
                .sorted(Comparator.comparingInt(String::length).reversed()).toList();
    }

    /** Only the patterns: for text met before any configuration was read. */
    public static Secrets none() {
        return new Secrets(Set.of());
    }

    /** The secrets of a configuration: values of password/secret/token properties and passwords inside URLs. */
    public static Secrets of(Properties props) {
        Set<String> values = new LinkedHashSet<>();
        for (String key : props.stringPropertyNames()) {
            String value = props.getProperty(key).trim();
            if (SECRET_KEY.matcher(key.toLowerCase(Locale.ROOT)).matches()) {
                values.add(value);
            }
            collect(KEY_VALUE.matcher(value), values);
            collect(USER_INFO.matcher(value), values);
        }
        return new Secrets(values);
    }

    /** The secrets of one datasource: its password and any password inside its URL. */
    public static Secrets of(DataSourceSettings datasource) {
        Properties props = new Properties();
        props.setProperty("url", datasource.url());
        props.setProperty("password", datasource.password());
        return of(props);
    }

    private static void collect(Matcher m, Set<String> into) {
        while (m.find()) {
            into.add(m.group(2));
        }
    }

    /** The text with every secret replaced by {@value #MASK}. */
    public String mask(String text) {
        if (text == null) {
            return null;
        }
        String masked = maskPatterns(text);
        for (String value : values) {
            masked = masked.replace(value, MASK);
        }
        return masked;
    }

    /** The text with what looks like a secret (URL password parameters and user-info passwords) masked. */
    public static String maskPatterns(String text) {
        if (text == null) {
            return null;
        }
        String masked = KEY_VALUE.matcher(text).replaceAll("$1" + Matcher.quoteReplacement(MASK));
        return USER_INFO.matcher(masked).replaceAll("$1" + Matcher.quoteReplacement(MASK) + "@");
    }
}
