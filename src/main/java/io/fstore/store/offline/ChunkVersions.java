package io.fstore.store.offline;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import io.fstore.model.FeatureRow;
import io.fstore.normalize.Timestamps;

/**
 * The later row per (entity, event time) of one chunk, found with one open-addressing table of row indexes: no key
 * object, string or boxed index per row. Event times compare at the microsecond the offline store keeps.
 */
final class ChunkVersions {

    private ChunkVersions() {
    }

    /**
     * The rows without a later row of the same (entity, event time) in the list, in list order; the list itself when
     * no row is superseded.
     *
     * @param micros filled with each kept row's event time in microseconds (at least {@code rows.size()} long)
     */
    static List<FeatureRow> laterRowPerVersion(List<FeatureRow> rows, long[] micros) {
        int n = rows.size();
        long[] all = new long[n];
        for (int i = 0; i < n; i++) {
            all[i] = Timestamps.toMicros(rows.get(i).eventTimestamp());
        }
        int[] table = new int[Integer.highestOneBit(Math.max(2, n) * 2 - 1) << 1]; // a power of two >= 2n: load <= 1/2
        Arrays.fill(table, -1);
        int mask = table.length - 1;
        boolean[] superseded = null;
        for (int i = n - 1; i >= 0; i--) { // from the end: the first row met per version is its later one
            String entity = rows.get(i).entityId();
            int slot = mix(entity.hashCode() * 31 + Long.hashCode(all[i])) & mask;
            while (true) {
                int j = table[slot];
                if (j < 0) {
                    table[slot] = i;
                    break;
                }
                if (all[j] == all[i] && rows.get(j).entityId().equals(entity)) {
                    if (superseded == null) {
                        superseded = new boolean[n];
                    }
                    superseded[i] = true;
                    break;
                }
                slot = (slot + 1) & mask;
            }
        }
        if (superseded == null) {
            System.arraycopy(all, 0, micros, 0, n);
            return rows;
        }
        List<FeatureRow> kept = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            if (!superseded[i]) {
                micros[kept.size()] = all[i];
                kept.add(rows.get(i));
            }
        }
        return kept;
    }

    private static int mix(int h) {
        return h ^ (h >>> 16) ^ (h >>> 7);
    }
}
