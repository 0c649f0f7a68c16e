package io.fstore.store.online;

import java.util.List;

import javax.sql.DataSource;

/**
 * Settings of {@link PostgresOnlineStore} ({@code fstore.online.type=postgres}).
 *
 * @param datasource the jdbc connection (a pool on PostgreSQL: {@code fstore.connection.<name>} of kind jdbc, or
 *                   {@code fstore.datasource.<name>}) the table lives in
 * @param table      the table holding every group's values
 */
public record PostgresOnlineStoreConfig(String datasource, String table) implements OnlineStoreConfig {

    static final OnlineSetting<String> DATASOURCE = new OnlineSetting<>("datasource", "datasource name", null, true,
            false, "the jdbc connection on PostgreSQL the online table lives in (fstore.connection.<name> of kind "
                    + "jdbc, or fstore.datasource.<name>)",
            "the name of a jdbc connection pointing at PostgreSQL", text -> {
                if (!text.matches("[a-z_][a-z0-9_]*")) {
                    throw new IllegalArgumentException("not a connection name (lower-case letters, digits, _)");
                }
                return text;
            });
    static final OnlineSetting<String> TABLE = new OnlineSetting<>("table", "SQL name", PostgresOnlineStore.TABLE,
            false, false, "the table holding every group's values (created when missing), in the connection's schema",
            "a lower-case SQL name of up to 63 characters: letters, digits, _", text -> {
                if (!text.matches("[a-z_][a-z0-9_]{0,62}")) {
                    throw new IllegalArgumentException("not a lower-case SQL name");
                }
                return text;
            });

    static final OnlineStoreType<PostgresOnlineStoreConfig> TYPE = new OnlineStoreType<>("postgres",
            "a table in PostgreSQL, a row per group, entity and feature", List.of(DATASOURCE, TABLE),
            PostgresOnlineStoreConfig.class, PostgresOnlineStoreConfig::from, PostgresOnlineStoreConfig::open);

    private static PostgresOnlineStoreConfig from(OnlineSettingValues values) {
        String datasource = values.get(DATASOURCE);
        if (datasource != null && !values.datasources().contains(datasource)) {
            values.error(DATASOURCE, "names no jdbc connection ('" + datasource + "')", DATASOURCE.expected()
                    + "; configured: " + (values.datasources().isEmpty() ? "none"
                    : String.join(", ", values.datasources().stream().sorted().toList())));
        }
        return new PostgresOnlineStoreConfig(datasource, values.get(TABLE));
    }

    private static OnlineStore open(PostgresOnlineStoreConfig config, OnlineStoreContext context) {
        DataSource pool = context.datasources().apply(config.datasource());
        if (pool == null) {
            throw new IllegalStateException(OnlineStoreTypes.PREFIX + "postgres.datasource names no jdbc "
                    + "connection ('" + config.datasource() + "')");
        }
        return new PostgresOnlineStore(pool, config.table());
    }

    @Override
    public String type() {
        return TYPE.name();
    }
}
