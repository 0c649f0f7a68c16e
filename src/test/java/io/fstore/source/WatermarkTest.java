package io.fstore.source;

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

/** Watermarks keep the wall-clock fields drivers read and bind them back unchanged, in years 0001 to 9999. */
class WatermarkTest {

    @ParameterizedTest
    @CsvSource({
        "0001-01-01T00:00:00,0001-01-01T00:00:00Z",
        "1500-03-01T12:34:56.123456,1500-03-01T12:34:56.123456Z",
        "1582-10-04T23:59:59,1582-10-04T23:59:59Z",
        "2024-03-01T10:00:00.123456,2024-03-01T10:00:00.123456Z",
        "9999-12-31T23:59:59.999999,9999-12-31T23:59:59.999999Z",
    })
    void a_timestamp_watermark_is_saved_as_its_fields_in_utc_and_binds_back_the_same_fields(String fields,
                                                                                            String saved) {
        Timestamp read = Timestamp.valueOf(LocalDateTime.parse(fields)); // how drivers build what they read

        Watermark w = Watermark.of("ts", read);

        assertThat(w).isEqualTo(new Watermark("ts", "timestamp", saved));
        Timestamp bound = (Timestamp) w.jdbcValue();
        assertThat(bound.toLocalDateTime()).isEqualTo(LocalDateTime.parse(fields)); // what drivers send
        assertThat(bound).isEqualTo(read);
        assertThat(Watermark.of("ts", bound)).isEqualTo(w);
    }

    @Test
    void a_saved_timestamp_watermark_of_an_old_date_binds_its_own_fields() {
        Timestamp bound = (Timestamp) new Watermark("ts", "timestamp", "1500-03-01T12:34:56.123456Z").jdbcValue();

        assertThat(bound.toLocalDateTime()).isEqualTo(LocalDateTime.parse("1500-03-01T12:34:56.123456"));
    }

    @ParameterizedTest
    @CsvSource({"0001-01-01", "1500-06-15", "9999-12-31"})
    void a_date_watermark_round_trips(String date) {
        Watermark w = Watermark.of("d", java.sql.Date.valueOf(LocalDate.parse(date)));

        assertThat(w).isEqualTo(new Watermark("d", "date", date));
        assertThat(((java.sql.Date) w.jdbcValue()).toLocalDate()).isEqualTo(LocalDate.parse(date));
    }

    @Test
    void an_infinite_or_out_of_range_value_is_never_a_watermark() {
        assertThatThrownBy(() -> Watermark.of("ts", new Timestamp(PGStatement.DATE_POSITIVE_INFINITY)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ts")
                .hasMessageContaining("'infinity' is outside the supported range");
        assertThatThrownBy(() -> Watermark.of("ts", new Timestamp(PGStatement.DATE_NEGATIVE_INFINITY)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'-infinity'");
        assertThatThrownBy(() -> Watermark.of("d", new java.sql.Date(PGStatement.DATE_POSITIVE_INFINITY)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'infinity'");
        assertThatThrownBy(() -> Watermark.of("ts", Instant.parse("+10000-01-01T00:00:00Z")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("outside the supported range");
        assertThatThrownBy(() -> Watermark.of("ts", OffsetDateTime.MAX))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("outside the supported range");
        assertThatThrownBy(() -> Watermark.of("ts", LocalDateTime.MIN))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("outside the supported range");
        assertThatThrownBy(() -> Watermark.of("d", LocalDate.MAX))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("outside the supported range");
    }
}
