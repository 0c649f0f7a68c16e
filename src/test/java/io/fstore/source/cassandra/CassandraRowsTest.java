package io.fstore.source.cassandra;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import com.datastax.oss.driver.api.core.data.CqlDuration;
import com.datastax.oss.driver.api.core.data.CqlVector;
import io.fstore.model.FloatVector;
import org.junit.jupiter.api.Test;

/** The value mapping of driver values (CassandraSourceIT reads the same from real rows, UDTs included). */
class CassandraRowsTest {

    @Test
    void scalars_become_the_values_the_normalizer_reads() throws Exception {
        UUID id = UUID.fromString("6f1c1f4e-3b1a-4c55-9e0a-1d2b3c4d5e6f");
        assertThat(CassandraRows.value(id)).isEqualTo("6f1c1f4e-3b1a-4c55-9e0a-1d2b3c4d5e6f");
        assertThat(CassandraRows.value(InetAddress.getByName("10.0.0.7"))).isEqualTo("10.0.0.7");
        assertThat(CassandraRows.value(CqlDuration.from("1h30m"))).isEqualTo("1h30m");
        assertThat(CassandraRows.value(LocalTime.of(8, 15))).isEqualTo("08:15");
        assertThat(CassandraRows.value(ByteBuffer.wrap(new byte[] {1, 2}))).isEqualTo(new byte[] {1, 2});
        assertThat(CassandraRows.value(Instant.EPOCH)).isEqualTo(Instant.EPOCH);
        assertThat(CassandraRows.value(LocalDate.of(2024, 3, 1))).isEqualTo(LocalDate.of(2024, 3, 1));
        assertThat(CassandraRows.value(new BigDecimal("1.50"))).isEqualTo(new BigDecimal("1.50"));
        assertThat(CassandraRows.value(BigInteger.TEN)).isEqualTo(BigInteger.TEN);
    }

    @Test
    void collections_are_lists_of_mapped_elements_and_float_vectors_are_float_vectors() {
        UUID id = UUID.randomUUID();
        assertThat(CassandraRows.value(Set.of(id))).isEqualTo(List.of(id.toString()));
        assertThat(CassandraRows.value(List.of(Map.of(id, 1)))).isEqualTo(List.of(Map.of(id.toString(), 1)));
        assertThat(CassandraRows.value(CqlVector.newInstance(0.5f, 2f))).isEqualTo(FloatVector.of(0.5f, 2f));
        assertThat(CassandraRows.value(CqlVector.newInstance(1.5d, 2d))).isEqualTo(List.of(1.5d, 2d));
    }

    @Test
    void the_checkpoint_column_keeps_one_comparable_type_and_a_uuid_as_itself() {
        UUID id = UUID.randomUUID();
        assertThat(CassandraRows.checkpointValue(7)).isEqualTo(7L);
        assertThat(CassandraRows.checkpointValue((short) 7)).isEqualTo(7L);
        assertThat(CassandraRows.checkpointValue(0.5f)).isEqualTo(0.5d);
        assertThat(CassandraRows.checkpointValue(id)).isSameAs(id);
        assertThat(CassandraRows.checkpointValue(Instant.EPOCH)).isEqualTo(Instant.EPOCH);
    }
}
