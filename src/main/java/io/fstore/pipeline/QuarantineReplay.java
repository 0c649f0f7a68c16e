package io.fstore.pipeline;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fstore.model.FeatureGroup;
import io.fstore.normalize.FeatureNormalizer;
import io.fstore.normalize.NormalizedChunk;
import io.fstore.store.offline.OfflineStore;
import io.fstore.store.online.OnlineStore;

/**
 * Sends a group's quarantined rows through the normalizer of its current (fixed) definition into both stores. Each
 * quarantine file is replayed as one chunk with a fresh ingestion time (so a replayed row wins over an older stored
 * version of the same entity and event time); rows that still fail go to a new quarantine file with their new reason;
 * replayed files move to {@code <data>/quarantine/<group>/replayed/}, so a second replay reads nothing again.
 */
public final class QuarantineReplay {

    /** Where replayed files go, inside the group's quarantine folder. */
    public static final String REPLAYED = "replayed";

    /** What a replay did. */
    public record Result(int files, long rowsRead, long rowsStored, long rowsStillQuarantined) {
    }

    private final Path quarantineDir;
    private final Quarantine quarantine;
    private final OfflineStore offline;
    private final OnlineStore online;
    private final IngestionClock ingestion;
    private final ObjectMapper json = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    public QuarantineReplay(Path quarantineDir, OfflineStore offline, OnlineStore online, IngestionClock ingestion) {
        this.quarantineDir = quarantineDir;
        this.quarantine = new Quarantine(quarantineDir);
        this.offline = offline;
        this.online = online;
        this.ingestion = ingestion;
    }

    public Result replay(FeatureGroup group) {
        Path groupDir = quarantineDir.resolve(group.name());
        FeatureNormalizer normalizer = new FeatureNormalizer(group);
        int files = 0;
        long read = 0;
        long stored = 0;
        long still = 0;
        for (Path file : pending(groupDir)) {
            List<Map<String, Object>> rows = rows(file);
            NormalizedChunk chunk = normalizer.normalize(rows);
            var at = ingestion.next();
            // stores first, then the still-bad rows, then move the file: a crash in between replays it again,
            // which the stores absorb (same rows, later ingestion)
            offline.write(group, chunk.rows(), at);
            online.writeRows(group, chunk.rows(), at);
            quarantine.write(group.name(), chunk.quarantined(), at);
            moveToReplayed(groupDir, file);
            files++;
            read += rows.size();
            stored += chunk.rows().size();
            still += chunk.quarantined().size();
        }
        return new Result(files, read, stored, still);
    }

    private List<Path> pending(Path groupDir) {
        if (!Files.isDirectory(groupDir)) {
            return List.of();
        }
        Path replayed = groupDir.resolve(REPLAYED);
        try (Stream<Path> walk = Files.walk(groupDir)) {
            return walk.filter(p -> !p.startsWith(replayed) && p.getFileName().toString().endsWith(".jsonl")
                    && !p.getFileName().toString().startsWith(".")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list quarantined rows in " + groupDir, e);
        }
    }

    private List<Map<String, Object>> rows(Path file) {
        List<Map<String, Object>> rows = new ArrayList<>();
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                if (!line.isBlank()) {
                    Map<String, Object> entry = json.readValue(line, new TypeReference<Map<String, Object>>() { });
                    @SuppressWarnings("unchecked")
                    Map<String, Object> row = (Map<String, Object>) entry.get("row");
                    rows.add(row);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read quarantined rows from " + file, e);
        }
        return rows;
    }

    private static void moveToReplayed(Path groupDir, Path file) {
        Path target = groupDir.resolve(REPLAYED).resolve(groupDir.relativize(file));
        try {
            Files.createDirectories(target.getParent());
            Files.move(file, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot move replayed file " + file + " to " + target, e);
        }
    }
}
