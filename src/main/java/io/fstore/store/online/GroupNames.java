package io.fstore.store.online;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The embedded store's feature index of one group (format 4): every feature name the group has ever written, in the
 * order first written, so a stored value names its feature by a small number ({@link EntityValues}) instead of its
 * name. Append-only: a feature removed from the group keeps its index, a feature added gets the next one, and no index
 * is ever given to another name, also not after {@link EmbeddedOnlineStore#teardown} (which keeps the index, not the
 * values). Immutable; {@link #with} returns a longer copy. Stored under the reserved key {@link #key}:
 * {@code [count varint]([name length varint][name UTF-8])*}.
 */
final class GroupNames {

    static final GroupNames EMPTY = new GroupNames(List.of());

    private final List<String> names;
    private final Map<String, Integer> indexes;

    private GroupNames(List<String> names) {
        this.names = names;
        this.indexes = new HashMap<>(names.size() * 2);
        for (int i = 0; i < names.size(); i++) {
            indexes.put(names.get(i), i);
        }
    }

    /** The reserved key holding a group's index: entity keys never start with the separator. */
    static byte[] key(String group) {
        return ("\0names\0" + group).getBytes(StandardCharsets.UTF_8);
    }

    /** The names these bytes hold; {@link #EMPTY} for null (a group that never wrote). */
    static GroupNames decode(byte[] bytes) {
        if (bytes == null) {
            return EMPTY;
        }
        Bytes.Reader in = new Bytes.Reader(bytes);
        int count = in.varint();
        List<String> names = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int length = in.varint();
            names.add(new String(bytes, in.pos, length, StandardCharsets.UTF_8));
            in.pos += length;
        }
        return new GroupNames(List.copyOf(names));
    }

    byte[] encode() {
        Bytes.Writer out = new Bytes.Writer(16 * names.size() + 4);
        out.varint(names.size());
        for (String name : names) {
            byte[] utf8 = name.getBytes(StandardCharsets.UTF_8);
            out.varint(utf8.length).bytes(utf8, 0, utf8.length);
        }
        return out.toArray();
    }

    int size() {
        return names.size();
    }

    /** The index of {@code name}, -1 when the group never wrote it. */
    int indexOf(String name) {
        Integer i = indexes.get(name);
        return i == null ? -1 : i;
    }

    /** These names with every name of {@code more} they lack appended in order; this object when none is new. */
    GroupNames with(List<String> more) {
        java.util.LinkedHashSet<String> added = null;
        for (String name : more) {
            if (!indexes.containsKey(name)) {
                if (added == null) {
                    added = new java.util.LinkedHashSet<>();
                }
                added.add(name);
            }
        }
        if (added == null) {
            return this;
        }
        List<String> grown = new ArrayList<>(names.size() + added.size());
        grown.addAll(names);
        grown.addAll(added);
        return new GroupNames(List.copyOf(grown));
    }

    /**
     * For a read of {@code features}: at each stored index, the position of its feature in {@code features}, -1 when
     * not wanted; as long as the largest wanted index + 1, so a reader stops at the first slot past it.
     */
    int[] positions(List<String> features) {
        int length = 0;
        for (String feature : features) {
            length = Math.max(length, indexOf(feature) + 1);
        }
        int[] positions = new int[length];
        java.util.Arrays.fill(positions, -1);
        for (int p = 0; p < features.size(); p++) {
            int i = indexOf(features.get(p));
            if (i >= 0) {
                positions[i] = p;
            }
        }
        return positions;
    }
}
