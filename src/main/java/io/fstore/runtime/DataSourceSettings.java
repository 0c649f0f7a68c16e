package io.fstore.runtime;

/**
 * One named JDBC connection, configured as {@code fstore.connection.<name>.*} (kind jdbc) or
 * {@code fstore.datasource.<name>.*}.
 *
 * @param prefix the properties' prefix the user wrote, for errors that name one
 */
public record DataSourceSettings(String name, String url, String username, String password, int poolSize,
                                 String prefix) {

    public DataSourceSettings(String name, String url, String username, String password, int poolSize) {
        this(name, url, username, password, poolSize, "fstore.datasource.");
    }

    /** The property of one setting, as the user wrote it, e.g. {@code fstore.connection.dw.url}. */
    public String property(String setting) {
        return prefix + name + "." + setting;
    }

    @Override
    public String toString() {
        return "DataSourceSettings[name=" + name + ", url=" + Secrets.maskPatterns(url) + ", username=" + username
                + ", poolSize=" + poolSize + "]"; // never the password
    }
}
