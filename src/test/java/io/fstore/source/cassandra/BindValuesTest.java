package io.fstore.source.cassandra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

import com.datastax.oss.driver.api.core.type.DataTypes;
import org.junit.jupiter.api.Test;

class BindValuesTest {

    @Test
    void yaml_numbers_take_the_java_type_of_their_marker() {
        assertThat(BindValues.convert(7, DataTypes.INT)).isEqualTo(7);
        assertThat(BindValues.convert(7, DataTypes.BIGINT)).isEqualTo(7L);
        assertThat(BindValues.convert(7, DataTypes.SMALLINT)).isEqualTo((short) 7);
        assertThat(BindValues.convert(7, DataTypes.TINYINT)).isEqualTo((byte) 7);
        assertThat(BindValues.convert(7L, DataTypes.VARINT)).isEqualTo(BigInteger.valueOf(7));
        assertThat(BindValues.convert(1.25, DataTypes.DECIMAL)).isEqualTo(new BigDecimal("1.25"));
        assertThat(BindValues.convert(2, DataTypes.DOUBLE)).isEqualTo(2.0);
        assertThat(BindValues.convert(0.5, DataTypes.FLOAT)).isEqualTo(0.5f);
        assertThat(BindValues.convert("12", DataTypes.INT)).isEqualTo(12);
    }

    @Test
    void text_binds_to_uuid_date_timestamp_and_boolean() {
        UUID id = UUID.randomUUID();
        assertThat(BindValues.convert(id.toString(), DataTypes.UUID)).isEqualTo(id);
        assertThat(BindValues.convert(id.toString(), DataTypes.TIMEUUID)).isEqualTo(id);
        assertThat(BindValues.convert("2024-03-01", DataTypes.DATE)).isEqualTo(LocalDate.of(2024, 3, 1));
        assertThat(BindValues.convert("2024-03-01T08:00:00.123Z", DataTypes.TIMESTAMP))
                .isEqualTo(Instant.parse("2024-03-01T08:00:00.123Z"));
        assertThat(BindValues.convert("2024-03-01", DataTypes.TIMESTAMP))
                .isEqualTo(Instant.parse("2024-03-01T00:00:00Z"));
        assertThat(BindValues.convert("2024-03-01T08:00:00", DataTypes.TIMESTAMP))
                .isEqualTo(Instant.parse("2024-03-01T08:00:00Z"));
        assertThat(BindValues.convert("TRUE", DataTypes.BOOLEAN)).isEqualTo(true);
        assertThat(BindValues.convert("0x0aff", DataTypes.BLOB)).isEqualTo(ByteBuffer.wrap(new byte[] {10, -1}));
        assertThat(BindValues.convert(42, DataTypes.TEXT)).isEqualTo("42");
    }

    @Test
    void checkpoint_values_bind_to_their_column() {
        assertThat(BindValues.convert(Instant.parse("2024-03-01T08:00:00Z"), DataTypes.TIMESTAMP))
                .isEqualTo(Instant.parse("2024-03-01T08:00:00Z"));
        assertThat(BindValues.convert(LocalDate.of(2024, 3, 1), DataTypes.DATE)).isEqualTo(LocalDate.of(2024, 3, 1));
        assertThat(BindValues.convert(41L, DataTypes.INT)).isEqualTo(41);
        assertThat(BindValues.convert(new BigDecimal("3.10"), DataTypes.DECIMAL)).isEqualTo(new BigDecimal("3.10"));
        assertThat(BindValues.convert(null, DataTypes.INT)).isNull();
    }

    @Test
    void a_value_that_does_not_fit_says_what_it_is_and_the_marker_type() {
        assertThatThrownBy(() -> BindValues.convert(1.5, DataTypes.INT))
                .hasMessageStartingWith("cannot bind Double 1.5 to a marker of CQL type int");
        assertThatThrownBy(() -> BindValues.convert(3_000_000_000L, DataTypes.INT))
                .hasMessageStartingWith("cannot bind Long 3000000000 to a marker of CQL type int");
        assertThatThrownBy(() -> BindValues.convert("nope", DataTypes.UUID))
                .hasMessageStartingWith("cannot bind String 'nope' to a marker of CQL type uuid");
        assertThatThrownBy(() -> BindValues.convert(true, DataTypes.DATE))
                .hasMessage("cannot bind Boolean true to a marker of CQL type date");
        assertThatThrownBy(() -> BindValues.convert("x", DataTypes.listOf(DataTypes.INT)))
                .hasMessage("cannot bind String 'x' to a marker of CQL type list<int>");
    }
}
