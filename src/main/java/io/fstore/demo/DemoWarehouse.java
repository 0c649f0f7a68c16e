package io.fstore.demo;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Random;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Seeds the embedded demo warehouse (H2) with six months of orders of 2,000 customers, so FStore runs end to end
 * with no external service. Seeding happens once: an existing {@code orders} table is left alone.
 */
public final class DemoWarehouse {

    public static final String DATASOURCE = "warehouse";
    public static final int CUSTOMERS = 2_000;
    private static final Logger LOG = LoggerFactory.getLogger(DemoWarehouse.class);
    private static final String[] STATUSES = {"paid", "paid", "paid", "shipped", "refunded"};

    private DemoWarehouse() {
    }

    public static void seedIfEmpty(DataSource ds) {
        try (Connection c = ds.getConnection()) {
            if (hasOrders(c)) {
                return;
            }
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TABLE orders (order_id BIGINT PRIMARY KEY, customer_id VARCHAR(16) NOT NULL, "
                        + "amount DECIMAL(10,2) NOT NULL, status VARCHAR(16) NOT NULL, created_at TIMESTAMP NOT NULL)");
            }
            Random random = new Random(42);
            Instant end = Instant.now().truncatedTo(ChronoUnit.SECONDS);
            long spanSeconds = Duration.ofDays(180).toSeconds();
            long orderId = 0;
            try (PreparedStatement insert = c.prepareStatement(
                    "INSERT INTO orders (order_id, customer_id, amount, status, created_at) VALUES (?, ?, ?, ?, ?)")) {
                for (int customer = 1; customer <= CUSTOMERS; customer++) {
                    int orders = 1 + random.nextInt(25);
                    for (int i = 0; i < orders; i++) {
                        insert.setLong(1, ++orderId);
                        insert.setString(2, String.format("c%05d", customer));
                        insert.setBigDecimal(3, BigDecimal.valueOf(5 + random.nextDouble() * 295)
                                .setScale(2, RoundingMode.HALF_UP));
                        insert.setString(4, STATUSES[random.nextInt(STATUSES.length)]);
                        insert.setTimestamp(5, Timestamp.from(end.minusSeconds((long) (random.nextDouble() * spanSeconds))));
                        insert.addBatch();
                    }
                    insert.executeBatch();
                }
            }
            c.commit();
            LOG.info("Seeded the demo warehouse with {} orders of {} customers", orderId, CUSTOMERS);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot seed the demo warehouse: " + e.getMessage(), e);
        }
    }

    private static boolean hasOrders(Connection c) throws SQLException {
        try (ResultSet tables = c.getMetaData().getTables(null, null, "orders", null)) {
            if (tables.next()) {
                return true;
            }
        }
        try (ResultSet tables = c.getMetaData().getTables(null, null, "ORDERS", null)) {
            return tables.next();
        }
    }
}
