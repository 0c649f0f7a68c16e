package io.fstore.source;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/**
 * Keeps each group's {@link GroupState} as {@code <data>/state/<group>.json}. Writes go to a temporary file that is
 * then renamed over the old one, so a crash leaves either the old state or the new one, never half of either.
 */
public final class GroupStateStore {

    private final Path dir;
    private final ObjectMapper json = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .enable(SerializationFeature.INDENT_OUTPUT);

    public GroupStateStore(Path dir) {
        this.dir = dir;
    }

    private Path file(String group) {
        return dir.resolve(group + ".json");
    }

    public Optional<GroupState> load(String group) {
        Path file = file(group);
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(json.readValue(file.toFile(), GroupState.class));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the state of group " + group + " from " + file
                    + "; fix or delete the file (deleting it re-reads the source from the start)", e);
        }
    }

    public synchronized void save(String group, GroupState state) {
        try {
            Files.createDirectories(dir);
            Path tmp = dir.resolve("." + group + ".json.tmp");
            json.writeValue(tmp.toFile(), state);
            Files.move(tmp, file(group), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot save the state of group " + group + " in " + dir, e);
        }
    }
}
