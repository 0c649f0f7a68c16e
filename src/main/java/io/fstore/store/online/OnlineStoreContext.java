package io.fstore.store.online;

import java.nio.file.Path;
import java.util.function.Function;

import javax.sql.DataSource;

/**
 * What the runtime gives a store type when it opens one: the data directory and the pools of the jdbc connections by
 * name (null for a name that has none).
 */
public record OnlineStoreContext(Path dataDir, Function<String, ? extends DataSource> datasources) {
}
