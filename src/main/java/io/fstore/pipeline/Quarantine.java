package io.fstore.pipeline;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.fstore.normalize.QuarantinedRow;

/**
 * Keeps rows that could not be normalized as JSON lines under
 * {@code <data>/quarantine/<group>/date=YYYY-MM-DD/part-<uuid>.jsonl}, one object per row with its reason, so they
 * can be inspected and replayed. Files appear whole (written, then renamed).
 */
public final class Quarantine {

    private final Path dir;
    private final ObjectMapper json = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    public Quarantine(Path dir) {
        this.dir = dir;
    }

    private Path groupDir(String group) {
        return dir.resolve(group);
    }

    public void write(String group, List<QuarantinedRow> rows, Instant at) {
        if (rows.isEmpty()) {
            return;
        }
        Path folder = groupDir(group).resolve("date=" + LocalDate.ofInstant(at, ZoneOffset.UTC));
        String name = "part-" + UUID.randomUUID() + ".jsonl";
        try {
            Files.createDirectories(folder);
            Path tmp = folder.resolve("." + name + ".tmp");
            try (BufferedWriter out = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
                for (QuarantinedRow row : rows) {
                    Map<String, Object> line = new LinkedHashMap<>();
                    line.put("feature_group", group);
                    line.put("reason", row.reason());
                    line.put("quarantined_at", at.toString());
                    line.put("row", printable(row.row()));
                    out.write(json.writeValueAsString(line));
                    out.newLine();
                }
            }
            Files.move(tmp, folder.resolve(name), StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write quarantined rows of group " + group + " to " + folder, e);
        }
    }

    private static Map<String, Object> printable(Map<String, Object> row) {
        Map<String, Object> out = new LinkedHashMap<>();
        row.forEach((k, v) -> out.put(k, v == null || v instanceof Number || v instanceof Boolean
                || v instanceof String ? v : String.valueOf(v)));
        return out;
    }
}
