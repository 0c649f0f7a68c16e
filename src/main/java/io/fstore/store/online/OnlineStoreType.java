package io.fstore.store.online;

import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * One kind of online store, chosen by {@code fstore.online.type=<name>}: its declared settings
 * ({@code fstore.online.<name>.*}), how they become its typed config record, and how a store is opened from that record.
 * Every type is one line in {@link OnlineStoreTypes}.
 *
 * @param settings every setting the type reads, each declared once; any other key under its prefix is an error
 * @param config   builds the config record from validated values (may add errors, e.g. a reference to nothing)
 * @param factory  opens the store
 */
public record OnlineStoreType<C extends OnlineStoreConfig>(String name, String description,
                                                           List<OnlineSetting<?>> settings, Class<C> configClass,
                                                           Function<OnlineSettingValues, C> config,
                                                           BiFunction<C, OnlineStoreContext, OnlineStore> factory) {

    public OnlineStoreType {
        settings = List.copyOf(settings);
    }

    /** Opens a store of this type; the config must be this type's record. */
    OnlineStore open(OnlineStoreConfig cfg, OnlineStoreContext context) {
        return factory.apply(configClass.cast(cfg), context);
    }
}
