package io.fstore.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.management.ManagementFactory;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import javax.management.MBeanServer;
import javax.management.ObjectName;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.CamelExecutionException;
import io.fstore.source.RunSummary;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The same feature groups (a wide one with a CTE and a window function, a long incremental one) run against a real
 * SQL server; every Parquet row and online value is checked against what was seeded. One subclass per database.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
abstract class SqlSourceContract {

    record Order(String customer, BigDecimal amount, Instant createdAt) {
    }

    static final int CUSTOMERS = 40;
    static final int CHUNK = 100;

    Path work;
    FStoreHarness fstore;
    String table;
    final List<Order> orders = new ArrayList<>();
    private final Random random = new Random(7);
    private Instant clock = Instant.parse("2024-03-01T08:00:00.123456Z");

    abstract String jdbcUrl();

    /** The column type for a timestamp with microseconds. */
    abstract String timestampType();

    @BeforeAll
    void seedAndStart(@org.junit.jupiter.api.io.TempDir Path work) throws Exception {
        this.work = work;
        table = "orders_" + Long.toHexString(random.nextLong() & 0xffffffffL) + "_" + System.nanoTime() % 100000;
        sql("CREATE TABLE " + table + " (order_id BIGINT PRIMARY KEY, customer_id VARCHAR(16), "
                + "amount DECIMAL(10,2) NOT NULL, created_at " + timestampType() + " NOT NULL)");
        insertOrders(600);
        insertRaw(999_999, null, new BigDecimal("1.00"), clock.plusSeconds(1)); // a row without entity key
        clock = clock.plusSeconds(2);
        Path features = work.resolve("features");
        Files.createDirectories(features);
        Files.writeString(features.resolve("wide.yaml"), """
                name: spend
                entity: { name: customer, key: customer_id }
                source:
                  kind: jdbc
                  datasource: dw
                  query: |
                    WITH ranked AS (
                      SELECT customer_id, amount, created_at,
                             ROW_NUMBER() OVER (PARTITION BY customer_id ORDER BY created_at DESC) AS rn
                      FROM %s WHERE customer_id IS NOT NULL
                    )
                    SELECT customer_id, SUM(amount) AS lifetime_value, COUNT(*) AS orders,
                           MAX(CASE WHEN rn = 1 THEN amount END) AS last_amount, MAX(created_at) AS ts
                    FROM ranked GROUP BY customer_id
                  timestamp: ts
                schedule: "0 0 0 1 1 ? 2099"
                features:
                  - { name: lifetime_value, type: decimal, precision: 12, scale: 2 }
                  - { name: orders, type: long }
                  - { name: last_amount, type: double }
                """.formatted(table));
        Files.writeString(features.resolve("long.yaml"), """
                name: order_amount
                entity: { name: customer, key: customer_id }
                source:
                  kind: jdbc
                  datasource: dw
                  query: SELECT customer_id AS entity_id, amount AS value, created_at AS ts FROM %s
                  timestamp: ts
                  incremental: { column: ts }
                update_frequency: 1d
                features:
                  - { name: amount, type: double }
                """.formatted(table));
        Files.writeString(features.resolve("broken.yaml"), """
                name: broken
                entity: { name: customer, key: customer_id }
                source: { kind: jdbc, datasource: dw, query: "SELECT customer_id, ts FROM no_such_table_%s" }
                schedule: "0 0 0 1 1 ? 2099"
                features:
                  - { name: x, type: long }
                """.formatted(table));
        fstore = new FStoreHarness(work, Map.of("fstore.datasource.dw.url", jdbcUrl(),
                "fstore.chunk-size", String.valueOf(CHUNK)));
    }

    @AfterAll
    void stop() throws Exception {
        if (fstore != null) {
            fstore.close();
        }
        sql("DROP TABLE " + table);
    }

    @Test
    @org.junit.jupiter.api.Order(1)
    void wide_group_lands_every_customer_in_parquet_with_types_values_and_timestamps() throws Exception {
        RunSummary summary = fstore.run("spend");

        assertThat(summary.rowsRead()).isEqualTo(CUSTOMERS);
        assertThat(summary.rowsStored()).isEqualTo(CUSTOMERS);
        assertThat(summary.rowsQuarantined()).isZero();
        Map<String, Object> types = new TreeMap<>();
        fstore.duckdb("DESCRIBE SELECT * FROM read_parquet('{offline}/spend/*/*.parquet', hive_partitioning = true)")
                .forEach(r -> types.put((String) r.get("column_name"), r.get("column_type")));
        assertThat(types).containsEntry("customer_id", "VARCHAR")
                .containsEntry("event_timestamp", "TIMESTAMP WITH TIME ZONE")
                .containsEntry("created_timestamp", "TIMESTAMP WITH TIME ZONE")
                .containsEntry("lifetime_value", "DECIMAL(12,2)")
                .containsEntry("orders", "BIGINT")
                .containsEntry("last_amount", "DOUBLE");

        List<Map<String, Object>> rows = fstore.duckdb("SELECT customer_id, lifetime_value, orders, last_amount, "
                + "epoch_us(event_timestamp) AS ts, epoch_us(created_timestamp) AS created, "
                + "CAST(created_date AS VARCHAR) AS created_date "
                + "FROM read_parquet('{offline}/spend/*/*.parquet', hive_partitioning = true) ORDER BY customer_id");
        Map<String, List<Order>> byCustomer = byCustomer();
        assertThat(rows).hasSize(CUSTOMERS);
        for (Map<String, Object> row : rows) {
            List<Order> mine = byCustomer.get((String) row.get("customer_id"));
            Order last = mine.stream().max(Comparator.comparing(Order::createdAt)).orElseThrow();
            assertThat((BigDecimal) row.get("lifetime_value")).isEqualByComparingTo(sum(mine));
            assertThat(row.get("orders")).isEqualTo((long) mine.size());
            assertThat(row.get("last_amount")).isEqualTo(last.amount().doubleValue());
            assertThat(row.get("ts")).isEqualTo(micros(last.createdAt()));
            assertThat(row.get("created_date")).as("files are grouped by ingestion date").isEqualTo(LocalDate.ofInstant(
                    Instant.EPOCH.plus((Long) row.get("created"), ChronoUnit.MICROS), ZoneOffset.UTC).toString());
        }
    }

    @Test
    @org.junit.jupiter.api.Order(2)
    void each_group_is_one_route_in_jmx_with_its_run_counted() throws Exception {
        MBeanServer jmx = ManagementFactory.getPlatformMBeanServer();
        Set<ObjectName> routes = jmx.queryNames(new ObjectName("org.apache.camel:type=routes,*"), null);

        ObjectName spend = routes.stream().filter(n -> "\"fg.spend\"".equals(n.getKeyProperty("name"))).findFirst()
                .orElseThrow(() -> new AssertionError("no route fg.spend among " + routes));
        assertThat(routes).extracting(n -> n.getKeyProperty("name")).contains("\"fg.spend.schedule\"",
                "\"fg.order_amount\"", "\"sink.offline\"", "\"sink.online\"", "\"api.online\"");
        assertThat((Long) jmx.getAttribute(spend, "ExchangesCompleted")).isEqualTo(1L);
    }

    @Test
    @org.junit.jupiter.api.Order(2)
    void wide_group_serves_each_customer_online_over_http() throws Exception {
        for (Map.Entry<String, List<Order>> e : byCustomer().entrySet()) {
            JsonNode vector = fstore.getJson("/features/spend/" + e.getKey());
            Order last = e.getValue().stream().max(Comparator.comparing(Order::createdAt)).orElseThrow();
            JsonNode f = vector.get("features");
            assertThat(vector.get("customer_id").asText()).isEqualTo(e.getKey());
            assertThat(new BigDecimal(f.get("lifetime_value").get("value").asText())).isEqualByComparingTo(sum(e.getValue()));
            assertThat(f.get("orders").get("value").asLong()).isEqualTo(e.getValue().size());
            assertThat(f.get("last_amount").get("value").asDouble()).isEqualTo(last.amount().doubleValue());
            assertThat(Instant.parse(f.get("orders").get("event_timestamp").asText())).isEqualTo(last.createdAt());
            assertThat(f.get("orders").get("status").asText()).isEqualTo("present");
        }
        var unknownEntity = fstore.get("/features/spend/nobody");
        assertThat(unknownEntity.statusCode()).isEqualTo(404);
        assertThat(unknownEntity.body()).contains("\"error\":\"entity_not_found\"").contains("nobody");
        var unknownGroup = fstore.get("/features/nope/c001");
        assertThat(unknownGroup.statusCode()).isEqualTo(404);
        assertThat(unknownGroup.body()).contains("\"field\":\"group\"");
        JsonNode many = fstore.getJson("/features/spend?customer_id=c001,nobody");
        assertThat(many.get("results").get(0).get("status").asText()).isEqualTo("present");
        assertThat(many.get("results").get(1).get("status").asText()).isEqualTo("missing");
    }

    @Test
    @org.junit.jupiter.api.Order(3)
    void long_incremental_group_stores_every_order_and_quarantines_the_row_without_key() throws Exception {
        RunSummary summary = fstore.run("order_amount");

        assertThat(summary.rowsRead()).isEqualTo(orders.size() + 1);
        assertThat(summary.rowsStored()).isEqualTo(orders.size());
        assertThat(summary.rowsQuarantined()).isEqualTo(1);
        assertThat(summary.chunks()).isEqualTo((orders.size() + 1 + CHUNK - 1) / CHUNK);
        assertThat(summary.checkpoint().get("value")).isEqualTo(clock.minusSeconds(1).toString());
        assertOfflineOrdersAreExactlyTheSeeded();
        assertOnlineHoldsNewestOrderPerCustomer();
        List<String> quarantined;
        try (Stream<Path> files = Files.walk(fstore.dataDir.resolve("quarantine/order_amount"))) {
            quarantined = files.filter(p -> p.toString().endsWith(".jsonl")).flatMap(p -> {
                try {
                    return Files.readAllLines(p).stream();
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).toList();
        }
        assertThat(quarantined).singleElement().asString()
                .contains("\"reason\":\"entity key entity_id is null\"").contains("\"value\":1.00");
    }

    @Test
    @org.junit.jupiter.api.Order(4)
    void the_next_run_reads_exactly_the_newer_rows() throws Exception {
        insertOrders(15);

        RunSummary second = fstore.run("order_amount");

        assertThat(second.rowsRead()).isEqualTo(15);
        assertThat(second.rowsStored()).isEqualTo(15);
        assertOfflineOrdersAreExactlyTheSeeded();
        assertOnlineHoldsNewestOrderPerCustomer();
        assertThat(fstore.run("order_amount").rowsRead()).as("nothing new, nothing read").isZero();
    }

    @Test
    @org.junit.jupiter.api.Order(5)
    void a_failing_run_is_recorded_as_failed_with_its_error() throws Exception {
        assertThatThrownBy(() -> fstore.run("broken")).isInstanceOf(CamelExecutionException.class);

        JsonNode state = new ObjectMapper().readTree(fstore.dataDir.resolve("state/broken.json").toFile());
        assertThat(state.path("lastRun").path("status").asText()).isEqualTo("failed");
        assertThat(state.path("lastRun").path("error").asText()).containsIgnoringCase("no_such_table_" + table);
        assertThat(state.path("lastRun").path("finishedAt").isNull()).isFalse();
    }

    private void assertOfflineOrdersAreExactlyTheSeeded() throws Exception {
        List<Map<String, Object>> rows = fstore.duckdb("SELECT customer_id, amount, epoch_us(event_timestamp) AS ts "
                + "FROM read_parquet('{offline}/order_amount/*/*.parquet')");
        Set<String> actual = rows.stream().map(r -> r.get("customer_id") + "|" + r.get("amount") + "|" + r.get("ts"))
                .collect(Collectors.toSet());
        Set<String> expected = orders.stream().map(o -> o.customer() + "|" + o.amount().doubleValue() + "|"
                + micros(o.createdAt())).collect(Collectors.toCollection(HashSet::new));
        assertThat(rows).hasSize(orders.size());
        assertThat(actual).isEqualTo(expected);
    }

    private void assertOnlineHoldsNewestOrderPerCustomer() throws Exception {
        for (Map.Entry<String, List<Order>> e : byCustomer().entrySet()) {
            Order newest = e.getValue().stream().max(Comparator.comparing(Order::createdAt)).orElseThrow();
            JsonNode amount = fstore.getJson("/features/order_amount/" + e.getKey()).get("features").get("amount");
            assertThat(amount.get("value").asDouble()).as(e.getKey()).isEqualTo(newest.amount().doubleValue());
            assertThat(Instant.parse(amount.get("event_timestamp").asText())).isEqualTo(newest.createdAt());
        }
    }

    private Map<String, List<Order>> byCustomer() {
        return orders.stream().collect(Collectors.groupingBy(Order::customer, TreeMap::new, Collectors.toList()));
    }

    private static BigDecimal sum(List<Order> orders) {
        return orders.stream().map(Order::amount).reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    static long micros(Instant t) {
        return ChronoUnit.MICROS.between(Instant.EPOCH, t);
    }

    /** Orders spread over several days, strictly newer than every earlier one, for every customer. */
    private void insertOrders(int n) throws Exception {
        for (int i = 0; i < n; i++) {
            String customer = String.format(Locale.ROOT, "c%03d", 1 + (orders.size() % CUSTOMERS));
            BigDecimal amount = BigDecimal.valueOf(100 + random.nextInt(99_900), 2);
            clock = clock.plus(random.nextInt(3_000_000) + 1, ChronoUnit.MILLIS).plus(random.nextInt(999), ChronoUnit.MICROS);
            Order o = new Order(customer, amount, clock);
            insertRaw(orders.size() + 1, customer, amount, clock);
            orders.add(o);
        }
    }

    private void insertRaw(long id, String customer, BigDecimal amount, Instant at) throws Exception {
        try (Connection c = DriverManager.getConnection(jdbcUrl());
             PreparedStatement ps = c.prepareStatement("INSERT INTO " + table
                     + " (order_id, customer_id, amount, created_at) VALUES (?, ?, ?, ?)")) {
            ps.setLong(1, id);
            ps.setString(2, customer);
            ps.setBigDecimal(3, amount);
            ps.setTimestamp(4, Timestamp.from(at));
            ps.executeUpdate();
        }
    }

    private void sql(String statement) throws Exception {
        TestDatabases.execute(jdbcUrl(), statement);
    }

    static OffsetDateTime utc(Instant i) {
        return i.atOffset(ZoneOffset.UTC);
    }
}
