package io.fstore.runtime;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.fstore.definition.DefinitionError;
import io.fstore.definition.InvalidDefinitionException;
import org.apache.camel.impl.DefaultCamelContext;

/**
 * Where configuration comes from, lowest priority first: the packaged {@code application.properties}, then
 * {@code application.properties} in the working directory (edit it without rebuilding), then {@code -D} system
 * properties starting with {@code fstore.} or {@code camel.}.
 *
 * <p>Placeholders in values are resolved by Camel's own property placeholder resolver, exactly as in the routes:
 * {@code {{env:NAME}}} reads an environment variable (looked up upper-cased, {@code -} and {@code .} as {@code _}),
 * {@code {{env:NAME:default}}} falls back to what follows the first colon, {@code {{sys:name}}} reads a system
 * property and {@code {{other.key}}} another property. A placeholder that cannot be resolved (an unset variable
 * without a default) stops FStore at startup, naming the property and the variable.
 */
public final class ConfigFiles {

    public static final String FILE = "application.properties";
    private static final String PACKAGED = FILE + " (packaged)";
    /** One placeholder, innermost first: {@code {{env:NAME}}}, {@code {{env:NAME:default}}}, {@code {{key}}}. */
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{([^{}]+)}}");

    private ConfigFiles() {
    }

    /** @throws InvalidDefinitionException naming each property whose placeholders cannot be resolved */
    public static Properties load(Path workDir) {
        Properties props = new Properties();
        Map<String, String> origins = new HashMap<>();
        try (InputStream packaged = ConfigFiles.class.getClassLoader().getResourceAsStream(FILE)) {
            if (packaged != null) {
                read(new InputStreamReader(packaged, StandardCharsets.UTF_8), PACKAGED, props, origins);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the packaged " + FILE, e);
        }
        Path local = workDir.resolve(FILE);
        if (Files.isRegularFile(local)) {
            try (Reader in = Files.newBufferedReader(local, StandardCharsets.UTF_8)) {
                read(in, local.toString(), props, origins);
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot read " + local, e);
            }
        }
        System.getProperties().stringPropertyNames().stream()
                .filter(k -> k.startsWith("fstore.") || k.startsWith("camel."))
                .forEach(k -> {
                    props.setProperty(k, System.getProperty(k));
                    origins.put(k, "-D" + k);
                });
        props.stringPropertyNames().forEach(k -> props.setProperty(k, props.getProperty(k).trim()));
        resolvePlaceholders(props, origins);
        return props;
    }

    private static void read(Reader in, String origin, Properties into, Map<String, String> origins)
            throws IOException {
        Properties file = new Properties();
        file.load(in);
        file.stringPropertyNames().forEach(k -> {
            into.setProperty(k, file.getProperty(k));
            origins.put(k, origin);
        });
    }

    /**
     * Resolves every value holding a placeholder with the property resolver of a Camel context that is never
     * started (the same resolver Camel Main uses for the routes), over these very properties.
     */
    private static void resolvePlaceholders(Properties props, Map<String, String> origins) {
        List<String> keys = props.stringPropertyNames().stream().filter(k -> props.getProperty(k).contains("{{"))
                .sorted().toList();
        if (keys.isEmpty()) {
            return;
        }
        List<DefinitionError> errors = new ArrayList<>();
        // never started, so there is nothing to stop
        DefaultCamelContext camel = new DefaultCamelContext();
        Properties raw = new Properties();
        raw.putAll(props);
        camel.getPropertiesComponent().setInitialProperties(raw);
        for (String key : keys) {
            String value = props.getProperty(key);
            try {
                props.setProperty(key, camel.resolvePropertyPlaceholders(value));
            } catch (IllegalArgumentException e) {
                errors.add(unresolved(camel, origins.getOrDefault(key, FILE), key, value, e));
            }
        }
        if (!errors.isEmpty()) {
            throw new InvalidDefinitionException(errors);
        }
    }

    /** Names the placeholder that failed: the environment variable when it is one, else Camel's own reason. */
    private static DefinitionError unresolved(DefaultCamelContext camel, String origin, String key, String value,
                                              IllegalArgumentException cause) {
        Matcher m = PLACEHOLDER.matcher(value);
        while (m.find()) {
            String placeholder = m.group(1).trim();
            if (!placeholder.startsWith("env:") || placeholder.indexOf(':', 4) >= 0) {
                continue;
            }
            try {
                camel.resolvePropertyPlaceholders(m.group());
            } catch (IllegalArgumentException unset) {
                String variable = placeholder.substring(4).trim().toUpperCase(Locale.ROOT);
                return new DefinitionError(origin, 0, key, "reads the environment variable " + variable
                        + ", which is not set", "set " + variable + ", or give a default after a colon: {{env:"
                        + variable + ":default}}");
            }
        }
        // Camel's reason quotes the whole value: for a secret (a password that happens to contain "{{") say nothing of it
        String reason = Secrets.maskPatterns(cause.getMessage());
        if (key.toLowerCase(Locale.ROOT).matches(".*(password|secret|token|key)$")) {
            reason = "the value has an unterminated or unknown {{...}} placeholder (value not shown: it is a secret)";
        }
        return new DefinitionError(origin, 0, key, "cannot be resolved: " + reason,
                "placeholders Camel resolves: {{env:NAME}}, {{env:NAME:default}}, {{sys:name}} or {{other.key}}");
    }

    /**
     * Feature definitions load from the configured folder; when the default {@code ./features} does not exist, from
     * the packaged demo set (read in place from the jar).
     */
    public static Path featuresDir(Path configured) {
        if (Files.isDirectory(configured) || !configured.equals(Path.of("features"))) {
            return configured;
        }
        java.net.URL packaged = ConfigFiles.class.getClassLoader().getResource("features");
        if (packaged == null) {
            return configured;
        }
        try {
            java.net.URI uri = packaged.toURI();
            if ("jar".equals(uri.getScheme())) {
                try {
                    java.nio.file.FileSystems.newFileSystem(uri, java.util.Map.of());
                } catch (java.nio.file.FileSystemAlreadyExistsException alreadyOpen) {
                    // opened by an earlier call
                }
            }
            return Path.of(uri);
        } catch (java.net.URISyntaxException | IOException e) {
            throw new IllegalStateException("Cannot read the packaged feature definitions at " + packaged, e);
        }
    }

    /** Routes load from {@code ./routes} when the working directory has one, else from the packaged copy. */
    public static String routesIncludePattern(Path workDir) {
        String prefix = routesLocation(workDir);
        return String.join(",", prefix + "*.camel.yaml", prefix + "templates/*.camel.yaml",
                prefix + "pipeline/*.camel.yaml", prefix + "api/*.camel.yaml");
    }

    /** Where the route YAML is read from, ending in a slash: the working directory's routes/ folder, else the jar's. */
    public static String routesLocation(Path workDir) {
        return Files.isDirectory(workDir.resolve("routes")) ? "file:" + workDir.resolve("routes") + "/"
                : "classpath:routes/";
    }
}
