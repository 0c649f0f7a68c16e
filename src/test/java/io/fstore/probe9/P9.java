package io.fstore.probe9;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fstore.model.FeatureGroup;
import io.fstore.model.FeatureRow;
import io.fstore.store.online.OnlineStore;
import io.fstore.store.online.StoredValue;
import org.junit.jupiter.api.extension.AnnotatedElementContext;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.io.TempDirFactory;

/** Helpers of the review probes of issue #9. */
final class P9 {

    static final ObjectMapper JSON = new ObjectMapper();

    private P9() {
    }

    static final class TempDirs implements TempDirFactory {
        @Override
        public Path createTempDirectory(AnnotatedElementContext element, ExtensionContext context) throws IOException {
            return Files.createTempDirectory("fstore-probe9-");
        }
    }

    static void feature(Path work, String group, String yaml) throws IOException {
        Path dir = Files.createDirectories(work.resolve("features"));
        Files.writeString(dir.resolve(group + ".yaml"), yaml);
    }

    static JsonNode state(Path dataDir, String group) throws IOException {
        return JSON.readTree(dataDir.resolve("state").resolve(group + ".json").toFile());
    }

    /**
     * The real online store; before each write of a group (numbered from 1, redeliveries included) an action runs
     * (it may throw: the write then fails).
     */
    static final class HookedOnlineStore extends io.fstore.store.online.DelegatingOnlineStore {
        private final Map<String, AtomicInteger> writes = new ConcurrentHashMap<>();
        volatile IntConsumer before = n -> { };
        volatile IntConsumer after = n -> { };

        HookedOnlineStore(OnlineStore delegate) {
            super(delegate);
        }

        int writes(String group) {
            AtomicInteger n = writes.get(group);
            return n == null ? 0 : n.get();
        }

        @Override
        public void writeRows(FeatureGroup group, List<FeatureRow> rows, Instant ingestedAt) {
            int n = writes.computeIfAbsent(group.name(), g -> new AtomicInteger()).incrementAndGet();
            before.accept(n);
            delegate.writeRows(group, rows, ingestedAt);
            after.accept(n);
        }

        @Override
        public String describe() {
            return "hooked " + delegate.describe();
        }
    }
}
