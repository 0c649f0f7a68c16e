package io.fstore.source.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;

import io.fstore.model.SourceSpec;
import io.fstore.source.RowChunker;
import org.junit.jupiter.api.Test;

class IncrementalQueryTest {

    @Test
    void a_full_refresh_query_passes_through_untouched() {
        SourceSpec s = new SourceSpec("jdbc", "dw", "WITH x AS (SELECT 1) SELECT * FROM x", "ts", Optional.empty());

        assertThat(IncrementalQuery.sql(s, false)).isEqualTo("WITH x AS (SELECT 1) SELECT * FROM x");
    }

    @Test
    void an_incremental_query_is_wrapped_ordered_and_filtered_by_a_bound_checkpoint() {
        SourceSpec s = new SourceSpec("jdbc", "dw", "SELECT * FROM orders", "ts", Optional.of("updated_at"));

        assertThat(IncrementalQuery.sql(s, false))
                .isEqualTo("SELECT * FROM (\nSELECT * FROM orders\n) fstore_src ORDER BY fstore_src.updated_at");
        assertThat(IncrementalQuery.sql(s, true)).isEqualTo("SELECT * FROM (\nSELECT * FROM orders\n) fstore_src"
                + " WHERE fstore_src.updated_at > :?fstoreCursor ORDER BY fstore_src.updated_at");
    }

    @Test
    void rows_are_chunked_lazily_with_a_short_last_chunk() {
        List<Map<String, Object>> rows = new ArrayList<>();
        IntStream.range(0, 7).forEach(i -> rows.add(Map.of("i", i)));

        Iterator<List<Map<String, Object>>> chunks = RowChunker.chunks(rows.iterator(), 3);

        assertThat(chunks.next()).hasSize(3);
        assertThat(chunks.next()).hasSize(3);
        assertThat(chunks.next()).containsExactly(Map.of("i", 6));
        assertThat(chunks.hasNext()).isFalse();
    }
}
