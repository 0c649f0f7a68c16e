package io.fstore.probe;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Small helpers shared by the review probes (issue #7). */
final class Probe {

    static final ObjectMapper JSON = new ObjectMapper();

    private Probe() {
    }

    /** A name no other test run uses (tables, groups, Redis keys). */
    static String unique(String prefix) {
        return prefix + "_" + Long.toHexString(System.nanoTime());
    }

    static void feature(Path work, String group, String yaml) throws IOException {
        Files.writeString(Files.createDirectories(work.resolve("features")).resolve(group + ".yaml"), yaml);
    }

    static JsonNode state(Path dataDir, String group) throws IOException {
        return JSON.readTree(dataDir.resolve("state").resolve(group + ".json").toFile());
    }

    /** Every quarantined line of a group that replay would still pick up (not under replayed/). */
    static List<JsonNode> pendingQuarantine(Path dataDir, String group) throws IOException {
        Path dir = dataDir.resolve("quarantine").resolve(group);
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(dir)) {
            List<JsonNode> lines = new ArrayList<>();
            for (Path f : files.filter(p -> p.toString().endsWith(".jsonl") && !p.toString().contains("/replayed/")
                    && !p.getFileName().toString().startsWith(".")).toList()) {
                for (String line : Files.readAllLines(f)) {
                    if (!line.isBlank()) {
                        lines.add(JSON.readTree(line));
                    }
                }
            }
            return lines;
        }
    }

    static List<Map<String, Object>> query(String jdbcUrl, String sql) throws Exception {
        try (Connection c = DriverManager.getConnection(jdbcUrl); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(sql)) {
            List<Map<String, Object>> rows = new ArrayList<>();
            while (rs.next()) {
                Map<String, Object> row = new LinkedHashMap<>();
                for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                    row.put(rs.getMetaData().getColumnLabel(i), rs.getObject(i));
                }
                rows.add(row);
            }
            return rows;
        }
    }

    /** DuckDB over the offline folder; {offline} stands for it. */
    static List<Map<String, Object>> duckdb(Path dataDir, String sql) throws Exception {
        return query("jdbc:duckdb:", sql.replace("{offline}", dataDir.resolve("offline").toString()));
    }

    static void deleteQuietly(Path p) {
        try {
            if (Files.exists(p)) {
                try (Stream<Path> walk = Files.walk(p)) {
                    for (Path x : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                        Files.deleteIfExists(x);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
