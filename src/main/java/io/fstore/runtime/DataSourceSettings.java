package io.fstore.runtime;

/** One named JDBC connection, configured as {@code fstore.datasource.<name>.*}. */
public record DataSourceSettings(String name, String url, String username, String password, int poolSize) {

    @Override
    public String toString() {
        return "DataSourceSettings[name=" + name + ", url=" + Secrets.maskPatterns(url) + ", username=" + username
                + ", poolSize=" + poolSize + "]"; // never the password
    }
}
