package io.fstore.source.cursor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.postgresql.PGStatement;

/** Checkpoints keep the wall-clock fields drivers read and bind them back unchanged, in years 0001 to 9999. */
class CursorValueTest {

    @ParameterizedTest
    @CsvSource({
        "0001-01-01T00:00:00,0001-01-01T00:00:00Z",
        "1500-03-01T12:34:56.123456,1500-03-01T12:34:56.123456Z",
        "1582-10-04T23:59:59,1582-10-04T23:59:59Z",
        "2024-03-01T10:00:00.123456,2024-03-01T10:00:00.123456Z",
        "9999-12-31T23:59:59.999999,9999-12-31T23:59:59.999999Z",
    })
    void a_timestamp_checkpoint_is_saved_as_its_fields_in_utc_and_binds_back_the_same_fields(String fields,
                                                                                            String saved) {
        Timestamp read = Timestamp.valueOf(LocalDateTime.parse(fields)); // how drivers build what they read

        CursorValue w = CursorValue.of("ts", read);

        assertThat(w).isEqualTo(new CursorValue("ts", "timestamp", saved));
        Timestamp bound = (Timestamp) w.jdbcValue();
        assertThat(bound.toLocalDateTime()).isEqualTo(LocalDateTime.parse(fields)); // what drivers send
        assertThat(bound).isEqualTo(read);
        assertThat(CursorValue.of("ts", bound)).isEqualTo(w);
    }

    @Test
    void a_saved_timestamp_checkpoint_of_an_old_date_binds_its_own_fields() {
        Timestamp bound = (Timestamp) new CursorValue("ts", "timestamp", "1500-03-01T12:34:56.123456Z").jdbcValue();

        assertThat(bound.toLocalDateTime()).isEqualTo(LocalDateTime.parse("1500-03-01T12:34:56.123456"));
    }

    @ParameterizedTest
    @CsvSource({"0001-01-01", "1500-06-15", "9999-12-31"})
    void a_date_checkpoint_round_trips(String date) {
        CursorValue w = CursorValue.of("d", java.sql.Date.valueOf(LocalDate.parse(date)));

        assertThat(w).isEqualTo(new CursorValue("d", "date", date));
        assertThat(((java.sql.Date) w.jdbcValue()).toLocalDate()).isEqualTo(LocalDate.parse(date));
    }

    @Test
    void an_infinite_or_out_of_range_value_is_never_a_checkpoint() {
        assertThatThrownBy(() -> CursorValue.of("ts", new Timestamp(PGStatement.DATE_POSITIVE_INFINITY)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ts")
                .hasMessageContaining("'infinity' is outside the supported range");
        assertThatThrownBy(() -> CursorValue.of("ts", new Timestamp(PGStatement.DATE_NEGATIVE_INFINITY)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'-infinity'");
        assertThatThrownBy(() -> CursorValue.of("d", new java.sql.Date(PGStatement.DATE_POSITIVE_INFINITY)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'infinity'");
        assertThatThrownBy(() -> CursorValue.of("ts", Instant.parse("+10000-01-01T00:00:00Z")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("outside the supported range");
        assertThatThrownBy(() -> CursorValue.of("ts", OffsetDateTime.MAX))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("outside the supported range");
        assertThatThrownBy(() -> CursorValue.of("ts", LocalDateTime.MIN))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("outside the supported range");
        assertThatThrownBy(() -> CursorValue.of("d", LocalDate.MAX))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("outside the supported range");
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource({
        "timestamp, 2024-03-01T10:00:00Z, 2024-03-01T10:00:00Z",
        "offset_datetime, 2024-03-01T12:00:00+02:00, 2024-03-01T10:00:00Z",
        "local_datetime, 2024-03-01T10:00, 2024-03-01T10:00:00Z",
        "date, 2024-03-01, 2024-03-01T00:00:00Z",
        "objectid, 65e1a720aaaaaaaaaaaaaaaa, 2024-03-01T10:00:00Z"})
    void a_time_checkpoint_stands_for_its_instant(String type, String value, String instant) {
        org.assertj.core.api.Assertions.assertThat(new CursorValue("ts", type, value).instant())
                .contains(java.time.Instant.parse(instant));
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource({"long, 42", "double, 1.5", "decimal, 2.50", "string, abc"})
    void a_checkpoint_that_is_not_a_time_has_no_instant(String type, String value) {
        org.assertj.core.api.Assertions.assertThat(new CursorValue("ts", type, value).instant()).isEmpty();
    }
}
