package io.fstore.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fstore.source.RunSummary;
import io.fstore.source.Checkpoint;
import io.fstore.source.cursor.CursorValue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The value rules on a real PostgreSQL source: timestamps of years 0001, 1500 and 9999 (timestamp, timestamptz and
 * date columns) are stored exactly in Parquet and served exactly; 'infinity' / '-infinity', NaN and a decimal with
 * too many fractional digits are quarantined with their reason; the saved watermark is never infinity and binds back
 * correctly before 1582.
 */
class ValueRulesIT {

    private static final String GROUP = "odd_values";
    private static final String RANGE = "is outside the supported range 0001-01-01T00:00:00Z..9999-12-31T23:59:59.999999Z";

    private final String postgres = TestDatabases.postgres();
    private final String table = "value_rules_" + Long.toHexString(System.nanoTime());
    private FStoreHarness fstore;

    @AfterEach
    void cleanUp() throws Exception {
        try {
            if (fstore != null) {
                fstore.close();
            }
        } finally {
            TestDatabases.execute(postgres, "DROP TABLE IF EXISTS " + table);
        }
    }

    @Test
    void old_and_far_timestamps_round_trip_and_infinities_nan_and_unfit_decimals_are_quarantined(@TempDir Path work)
            throws Exception {
        sql("CREATE TABLE " + table + " (id BIGINT PRIMARY KEY, customer_id VARCHAR(16), ts TIMESTAMP(6) NOT NULL, "
                + "happened_at TIMESTAMPTZ, born DATE, score DOUBLE PRECISION, amount NUMERIC(14,3))");
        insert(1, "c0001", "0001-01-01 00:00:00", "0001-01-01 00:00:00+00", "0001-01-01", "1.5", "1.250");
        insert(2, "c1500", "1500-03-01 12:34:56.123456", "1500-03-01 12:34:56.123456+00", "1500-06-15", "2.5", "2.5");
        insert(3, "neg_inf", "-infinity", "2024-01-01 00:00:00+00", "2024-01-01", "0", "0");
        Files.writeString(Files.createDirectories(work.resolve("features")).resolve(GROUP + ".yaml"), """
                name: %s
                entity: { name: customer, key: customer_id }
                source:
                  kind: jdbc
                  datasource: dw
                  query: SELECT customer_id, ts, happened_at, born, score, amount FROM %s
                  timestamp: ts
                  incremental: { column: ts }
                schedule: "0 0 0 1 1 ? 2099"
                features:
                  - { name: happened_at, type: timestamp }
                  - { name: born, type: timestamp }
                  - { name: score, type: double }
                  - { name: amount, type: decimal, precision: 12, scale: 2 }
                """.formatted(GROUP, table));
        fstore = new FStoreHarness(work, Map.of("fstore.datasource.dw.url", postgres));

        RunSummary first = fstore.run(GROUP);

        assertThat(first.rowsRead()).isEqualTo(3);
        assertThat(first.rowsStored()).isEqualTo(2);
        assertThat(first.rowsQuarantined()).isEqualTo(1);
        assertThat(first.checkpoint()).isEqualTo(new CursorValue("ts", "timestamp", "1500-03-01T12:34:56.123456Z").toCheckpoint());

        // 1500-03-05 lies inside the days a Julian/Gregorian mix-up would shift: read only if the 1500 watermark
        // binds back exactly; c1500 itself must not be read again.
        insert(4, "c1500b", "1500-03-05 00:00:00", "1500-03-05 00:00:00+00", "1500-03-05", "4.5", "4.5");
        insert(5, "c9999", "9999-12-31 23:59:59.999999", "9999-12-31 23:59:59.999999+00", "9999-12-31", "3.5",
                "9999999999.990");
        insert(6, "pos_inf", "infinity", "2024-01-01 00:00:00+00", "2024-01-01", "0", "0");
        insert(7, "inf_feature", "2024-03-01 00:00:00", "infinity", "2024-01-01", "0", "0");
        insert(8, "inf_date", "2024-03-02 00:00:00", "2024-01-01 00:00:00+00", "-infinity", "0", "0");
        insert(9, "nan", "2024-03-03 00:00:00", "2024-01-01 00:00:00+00", "2024-01-01", "NaN", "0");
        insert(10, "too_fine", "2024-03-04 00:00:00", "2024-01-01 00:00:00+00", "2024-01-01", "0", "1.255");

        RunSummary second = fstore.run(GROUP);

        assertThat(second.rowsRead()).isEqualTo(7);
        assertThat(second.rowsStored()).isEqualTo(2);
        assertThat(second.rowsQuarantined()).isEqualTo(5);
        Checkpoint last = new CursorValue("ts", "timestamp", "9999-12-31T23:59:59.999999Z").toCheckpoint();
        assertThat(second.checkpoint()).isEqualTo(last);
        assertThat(savedCheckpoint()).isEqualTo(last);

        // 'infinity' sorts after every watermark: it is read, and quarantined, again by every run
        RunSummary third = fstore.run(GROUP);

        assertThat(third.rowsRead()).isEqualTo(1);
        assertThat(third.rowsQuarantined()).isEqualTo(1);
        assertThat(third.checkpoint()).isEqualTo(last);
        assertThat(savedCheckpoint()).isEqualTo(last);

        assertThat(quarantineReasons()).containsExactlyInAnyOrder(
                "timestamp ts: '-infinity' " + RANGE,
                "timestamp ts: 'infinity' " + RANGE,
                "timestamp ts: 'infinity' " + RANGE,
                "feature happened_at (timestamp): 'infinity' " + RANGE,
                "feature born (timestamp): '-infinity' " + RANGE,
                "feature score (double): 'NaN' (Double) is not a finite number (NaN and ±Infinity are quarantined)",
                "feature amount (decimal): '1.255' does not fit decimal(12,2): more than 2 digits after the decimal "
                        + "point (values are never rounded)");
        assertParquetHoldsExactly();
        assertServedExactly();
    }

    private void assertParquetHoldsExactly() throws Exception {
        Map<String, Object> types = new TreeMap<>();
        fstore.duckdb("DESCRIBE SELECT * FROM read_parquet('{offline}/" + GROUP + "/*/*.parquet')")
                .forEach(r -> types.put((String) r.get("column_name"), r.get("column_type")));
        assertThat(types).containsEntry("event_timestamp", "TIMESTAMP WITH TIME ZONE")
                .containsEntry("happened_at", "TIMESTAMP WITH TIME ZONE")
                .containsEntry("born", "TIMESTAMP WITH TIME ZONE")
                .containsEntry("score", "DOUBLE")
                .containsEntry("amount", "DECIMAL(12,2)");
        // epoch_us and make_timestamp are computed by DuckDB itself (proleptic Gregorian, no time zone involved)
        List<Map<String, Object>> rows = fstore.duckdb("SELECT customer_id, epoch_us(event_timestamp) AS ts_us, "
                + "CAST(make_timestamp(epoch_us(event_timestamp)) AS VARCHAR) AS ts, "
                + "CAST(make_timestamp(epoch_us(happened_at)) AS VARCHAR) AS happened_at, "
                + "epoch_us(happened_at) AS happened_at_us, "
                + "CAST(make_timestamp(epoch_us(born)) AS VARCHAR) AS born, score, amount "
                + "FROM read_parquet('{offline}/" + GROUP + "/*/*.parquet') "
                + "ORDER BY customer_id");

        assertThat(rows).extracting(r -> r.get("customer_id")).containsExactly("c0001", "c1500", "c1500b", "c9999");
        assertRow(rows.get(0), "0001-01-01 00:00:00", "0001-01-01T00:00:00Z", "0001-01-01 00:00:00", 1.5, "1.25");
        assertRow(rows.get(1), "1500-03-01 12:34:56.123456", "1500-03-01T12:34:56.123456Z", "1500-06-15 00:00:00",
                2.5, "2.50");
        assertRow(rows.get(2), "1500-03-05 00:00:00", "1500-03-05T00:00:00Z", "1500-03-05 00:00:00", 4.5, "4.50");
        assertRow(rows.get(3), "9999-12-31 23:59:59.999999", "9999-12-31T23:59:59.999999Z", "9999-12-31 00:00:00",
                3.5, "9999999999.99");
    }

    private static void assertRow(Map<String, Object> row, String ts, String instant, String born, double score,
                                  String amount) {
        assertThat(row.get("ts")).as("event time of %s", row).isEqualTo(ts);
        assertThat(row.get("ts_us")).isEqualTo(micros(instant));
        assertThat(row.get("happened_at")).isEqualTo(ts);
        assertThat(row.get("happened_at_us")).isEqualTo(micros(instant));
        assertThat(row.get("born")).isEqualTo(born);
        assertThat(row.get("score")).isEqualTo(score);
        assertThat(row.get("amount")).isEqualTo(new BigDecimal(amount));
    }

    private void assertServedExactly() throws Exception {
        assertServed("c0001", "0001-01-01T00:00:00Z", "0001-01-01T00:00:00Z", 1.5, "1.25");
        assertServed("c1500", "1500-03-01T12:34:56.123456Z", "1500-06-15T00:00:00Z", 2.5, "2.50");
        assertServed("c1500b", "1500-03-05T00:00:00Z", "1500-03-05T00:00:00Z", 4.5, "4.50");
        assertServed("c9999", "9999-12-31T23:59:59.999999Z", "9999-12-31T00:00:00Z", 3.5, "9999999999.99");
        for (String quarantined : List.of("neg_inf", "pos_inf", "inf_feature", "inf_date", "nan", "too_fine")) {
            assertThat(fstore.get("/features/" + GROUP + "/" + quarantined).statusCode()).as(quarantined).isEqualTo(404);
        }
        JsonNode many = fstore.getJson("/features/" + GROUP + "?customer_id=c0001,c9999,nan");
        assertThat(many.get("results")).extracting(r -> r.get("status").asText())
                .containsExactly("present", "present", "missing");
        assertThat(many.get("results").get(0).get("features").get("happened_at").get("value").asText())
                .isEqualTo("0001-01-01T00:00:00Z");
        assertThat(many.get("results").get(1).get("features").get("happened_at").get("value").asText())
                .isEqualTo("9999-12-31T23:59:59.999999Z");
    }

    private void assertServed(String id, String ts, String born, double score, String amount) throws Exception {
        JsonNode f = fstore.getJson("/features/" + GROUP + "/" + id).get("features");
        assertThat(f.get("happened_at").get("value").asText()).as(id).isEqualTo(ts);
        assertThat(f.get("happened_at").get("event_timestamp").asText()).isEqualTo(ts);
        assertThat(f.get("born").get("value").asText()).isEqualTo(born);
        assertThat(f.get("score").get("value").isDouble()).isTrue();
        assertThat(f.get("score").get("value").asDouble()).isEqualTo(score);
        assertThat(f.get("amount").get("value").asText()).isEqualTo(amount);
    }

    private Checkpoint savedCheckpoint() throws IOException {
        JsonNode w = new ObjectMapper().readTree(fstore.dataDir.resolve("state/" + GROUP + ".json").toFile())
                .get("checkpoint");
        return new Checkpoint(Map.of("field", w.get("field").asText(), "type", w.get("type").asText(),
                "value", w.get("value").asText()));
    }

    private List<String> quarantineReasons() throws IOException {
        ObjectMapper json = new ObjectMapper();
        try (Stream<Path> files = Files.walk(fstore.dataDir.resolve("quarantine/" + GROUP))) {
            return files.filter(p -> p.toString().endsWith(".jsonl")).flatMap(p -> {
                try {
                    return Files.readAllLines(p).stream();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).map(line -> {
                try {
                    return json.readTree(line).get("reason").asText();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).toList();
        }
    }

    /** ChronoUnit.MICROS.between overflows (through nanoseconds) before the year 1677. */
    private static long micros(String instant) {
        Instant i = Instant.parse(instant);
        return i.getEpochSecond() * 1_000_000L + i.getNano() / 1_000;
    }

    private void insert(long id, String customer, String ts, String happenedAt, String born, String score,
                        String amount) throws Exception {
        sql("INSERT INTO " + table + " VALUES (" + id + ", '" + customer + "', '" + ts + "', '" + happenedAt + "', '"
                + born + "', '" + score + "', " + amount + ")");
    }

    private void sql(String statement) throws Exception {
        TestDatabases.execute(postgres, statement);
    }
}
