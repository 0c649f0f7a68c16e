package io.fstore.store.online;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import io.fstore.model.FeatureRecord;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;

/**
 * The default online store: H2's MVStore, a persistent key-value store in one file under the data directory. No
 * server to run, survives restarts, and is already on the classpath for the embedded demo warehouse.
 * Keys are {@code group \0 entity \0 feature}; values are {@link ValueCodec} bytes.
 */
public final class EmbeddedOnlineStore implements OnlineStore {

    private static final char SEP = '\0';
    private final MVStore store;
    private final MVMap<String, byte[]> values;

    public EmbeddedOnlineStore(Path file) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
        } catch (java.io.IOException e) {
            throw new IllegalStateException("Cannot create the folder of the online store " + file, e);
        }
        this.store = new MVStore.Builder().fileName(file.toString()).compress().open();
        this.values = store.openMap("features");
    }

    static String key(String group, String entity, String feature) {
        return group + SEP + entity + SEP + feature;
    }

    @Override
    public synchronized void write(List<FeatureRecord> records) {
        for (FeatureRecord r : records) {
            String key = key(r.featureGroup(), r.entityId(), r.feature());
            byte[] current = values.get(key);
            byte[] next = ValueCodec.encode(r.value(), r.eventTimestamp());
            if (current == null || ValueCodec.eventMicros(next) > ValueCodec.eventMicros(current)) {
                values.put(key, next);
            }
        }
        store.commit();
    }

    @Override
    public List<Map<String, StoredValue>> read(String group, List<String> entityIds, List<String> features) {
        List<Map<String, StoredValue>> result = new ArrayList<>(entityIds.size());
        for (String entity : entityIds) {
            Map<String, StoredValue> found = new HashMap<>();
            for (String feature : features) {
                byte[] bytes = values.get(key(group, entity, feature));
                if (bytes != null) {
                    found.put(feature, ValueCodec.decode(bytes));
                }
            }
            result.add(found);
        }
        return result;
    }

    @Override
    public synchronized void deleteGroup(String group) {
        String prefix = group + SEP;
        Iterator<String> keys = values.keyIterator(prefix);
        List<String> doomed = new ArrayList<>();
        while (keys.hasNext()) {
            String k = keys.next();
            if (!k.startsWith(prefix)) {
                break;
            }
            doomed.add(k);
        }
        doomed.forEach(values::remove);
        store.commit();
    }

    @Override
    public void close() {
        if (!store.isClosed()) {
            store.close();
        }
    }
}
