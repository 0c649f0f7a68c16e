package io.fstore.runtime;

import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import io.fstore.model.FeatureGroup;
import io.fstore.store.online.OnlineStore;
import io.fstore.store.online.OnlineStoreContext;
import io.fstore.store.online.OnlineStoreTypes;

/** Opens the online store {@code fstore.online.type} names and prepares it for every group. */
final class OnlineStores {

    private OnlineStores() {
    }

    /** The store, with {@link OnlineStore#create} done for each of {@code groups}; closed again when that fails. */
    static OnlineStore open(FStoreSettings settings, Map<String, ? extends DataSource> datasources,
                            List<FeatureGroup> groups) {
        OnlineStore store = OnlineStoreTypes.open(settings.online(),
                new OnlineStoreContext(settings.dataDir(), datasources::get));
        try {
            groups.forEach(store::create);
        } catch (RuntimeException | Error e) {
            try {
                store.close();
            } catch (RuntimeException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
        return store;
    }
}
