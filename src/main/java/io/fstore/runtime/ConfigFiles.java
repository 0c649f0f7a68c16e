package io.fstore.runtime;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * Where configuration comes from, lowest priority first: the packaged {@code application.properties}, then
 * {@code application.properties} in the working directory (edit it without rebuilding), then {@code -D} system
 * properties starting with {@code fstore.} or {@code camel.}.
 */
public final class ConfigFiles {

    public static final String FILE = "application.properties";

    private ConfigFiles() {
    }

    public static Properties load(Path workDir) {
        Properties props = new Properties();
        try (InputStream packaged = ConfigFiles.class.getClassLoader().getResourceAsStream(FILE)) {
            if (packaged != null) {
                props.load(new java.io.InputStreamReader(packaged, StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the packaged " + FILE, e);
        }
        Path local = workDir.resolve(FILE);
        if (Files.isRegularFile(local)) {
            try (Reader in = Files.newBufferedReader(local, StandardCharsets.UTF_8)) {
                props.load(in);
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot read " + local, e);
            }
        }
        System.getProperties().stringPropertyNames().stream()
                .filter(k -> k.startsWith("fstore.") || k.startsWith("camel."))
                .forEach(k -> props.setProperty(k, System.getProperty(k)));
        trimValues(props);
        return props;
    }

    private static void trimValues(Properties props) {
        props.stringPropertyNames().forEach(k -> props.setProperty(k, resolveEnv(props.getProperty(k).trim())));
    }

    private static final java.util.regex.Pattern ENV = java.util.regex.Pattern.compile("\\{\\{env:([A-Za-z0-9_]+)(?::([^}]*))?}}");

    /** Secrets stay out of files: {@code {{env:NAME}}} or {@code {{env:NAME:default}}} reads an environment variable. */
    static String resolveEnv(String value) {
        java.util.regex.Matcher m = ENV.matcher(value);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String env = System.getenv(m.group(1));
            String replacement = env != null ? env : m.group(2) != null ? m.group(2) : "";
            m.appendReplacement(out, java.util.regex.Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return out.toString();
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
        String prefix = Files.isDirectory(workDir.resolve("routes")) ? "file:" + workDir.resolve("routes") + "/"
                : "classpath:routes/";
        return String.join(",", prefix + "*.camel.yaml", prefix + "templates/*.camel.yaml",
                prefix + "pipeline/*.camel.yaml", prefix + "api/*.camel.yaml");
    }
}
