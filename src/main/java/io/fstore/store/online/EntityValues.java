package io.fstore.store.online;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.fstore.model.FloatVector;
import io.fstore.normalize.Timestamps;

/**
 * All stored features of one entity in one group as one byte array (format 4), each feature with its own version
 * (event time, ingestion time), features named by their index in the group's {@link GroupNames}:
 * <pre>
 * [header: event micros i64][ingestion micros i64]
 * runs, by increasing index: [head u8][gap varint][run length - 2 varint][event micros i64][ingestion micros i64][value]*
 *   head: bits 0-2 the type, bit 3 OWN (the run's version follows; else it is the header's), bit 4 RUN (a run length
 *   follows; else the run is one slot), bits 5-7 the gap before the run's first index (index - previous index - 1;
 *   7: 7 + the gap varint that follows)
 * values by type: null, false, true: nothing; long, double (raw bits), timestamp (micros): i64;
 *   string: [length varint][UTF-8]; decimal: [scale zigzag varint][length varint, at least 1][unscaled two's complement]
 *   the list types and vector: under the decimal tag, [kind varint][0][count varint][count elements], where a decimal's
 *   length would be (0: no decimal has it); kind 1 list&lt;long&gt; and 2 list&lt;double&gt;: i64 each (the long, the
 *   double's raw bits); 3 list&lt;string&gt;: [length varint][UTF-8] each; 4 list&lt;bool&gt;: u8 0 or 1 each;
 *   5 vector: the float's raw bits, 4 bytes each
 * </pre>
 * A run is consecutive indexes of one type and one version, so a row that wrote every double of a group is the header
 * and one 2-byte run head before 8 bytes per value. The header holds the version most slots share; a slot whose
 * version differs (a feature the group no longer writes, a row that lost to a newer stored value) carries its own.
 * The list and vector slots came after format 4 without a new format: every reader of format 4 has always refused a
 * decimal of length 0, so no value written before them reads as one, and they read as they always did. An empty list
 * has no element type: it is written as an empty list&lt;long&gt; and reads back as an empty list.
 * Formats 1 to 3 are upgraded by {@link EmbeddedFormat}. Every decode checks the structure as it walks ({@link Cursor}), so
 * a value in another format or cut short fails naming its group and entity instead of answering wrong values.
 */
final class EntityValues {

    static final int NULL = 0;
    static final int LONG = 1;
    static final int DOUBLE = 2;
    static final int STRING = 3;
    static final int FALSE = 4;
    static final int TRUE = 5;
    static final int TIMESTAMP = 6;
    static final int DECIMAL = 7;
    /** The slot types past the 3-bit tags: written under the {@link #DECIMAL} tag, their kind = type - DECIMAL. */
    static final int LIST_LONG = 8;
    static final int LIST_DOUBLE = 9;
    static final int LIST_STRING = 10;
    static final int LIST_BOOL = 11;
    static final int VECTOR = 12;
    private static final int TYPE = 0x07;
    private static final int OWN = 0x08;
    private static final int RUN = 0x10;
    private static final int GAP_SHIFT = 5;
    private static final int GAP_INLINE = 7;
    private static final byte[] NONE = new byte[0];

    private EntityValues() {
    }

    /** The type tag of a value; the types a normalized row holds, as {@link ValueCodec} takes them. */
    static int typeOf(Object value) {
        if (value == null) {
            return NULL;
        }
        if (value instanceof Double) {
            return DOUBLE;
        }
        if (value instanceof Long) {
            return LONG;
        }
        if (value instanceof String) {
            return STRING;
        }
        if (value instanceof Boolean b) {
            return b ? TRUE : FALSE;
        }
        if (value instanceof Instant) {
            return TIMESTAMP;
        }
        if (value instanceof BigDecimal) {
            return DECIMAL;
        }
        if (value instanceof FloatVector) {
            return VECTOR;
        }
        if (value instanceof List<?> list) {
            return listType(list);
        }
        throw new IllegalArgumentException("cannot store a " + value.getClass().getName() + " online");
    }

    /** The type of a list whose elements are all of one of the list element types; an empty list: list&lt;long&gt;. */
    private static int listType(List<?> list) {
        if (list.isEmpty()) {
            return LIST_LONG;
        }
        Object first = list.get(0);
        int type = first instanceof Long ? LIST_LONG : first instanceof Double ? LIST_DOUBLE
                : first instanceof String ? LIST_STRING : first instanceof Boolean ? LIST_BOOL : -1;
        for (int i = 0; i < list.size(); i++) {
            Object e = list.get(i);
            if (type < 0 || e == null || e.getClass() != first.getClass()) {
                throw new IllegalArgumentException("cannot store a list holding " + (e == null ? "null"
                        : "a " + e.getClass().getName()) + " at element " + i + " online (a list holds longs, "
                        + "doubles, strings or booleans, all of one type, and no null)");
            }
        }
        return type;
    }

    /** The 3-bit tag of a slot type. */
    private static int tag(int type) {
        return type > DECIMAL ? DECIMAL : type;
    }

    /** The name of a list or vector slot type, for messages. */
    private static String arrayName(int type) {
        return switch (type) {
            case LIST_LONG -> "list<long>";
            case LIST_DOUBLE -> "list<double>";
            case LIST_STRING -> "list<string>";
            case LIST_BOOL -> "list<bool>";
            default -> "vector";
        };
    }

    /** Orders by (event time, ingestion time); the rule of {@link OnlineStore}. */
    static int compareVersion(long event, long ingested, long otherEvent, long otherIngested) {
        int c = Long.compare(event, otherEvent);
        return c != 0 ? c : Long.compare(ingested, otherIngested);
    }

    /**
     * The read path: only the wanted features of one entity, decoded straight from the stored bytes; other slots are
     * stepped over (runs of fixed-width values at once) and checked like the wanted ones, so a value that is not
     * format 4 fails the read instead of answering values never written. Slots sharing the header's version share one
     * {@link Instant}.
     *
     * @param slot      a cursor of the entity's group, reused from one entity to the next
     * @param positions at each index, the position of its feature in {@code names}, -1 when not wanted
     *                  ({@link GroupNames#positions})
     * @throws IllegalStateException naming the group, the entity and what is wrong when the bytes are not format 4
     */
    static Map<String, StoredValue> select(Cursor slot, String entity, byte[] bytes, int[] positions,
                                           List<String> names) {
        Map<String, StoredValue> found = new HashMap<>(names.size() * 2);
        if (bytes == null || positions.length == 0) {
            return found;
        }
        slot.reset(entity, bytes);
        Instant shared = null;
        while (slot.next() && slot.index < positions.length) {
            int p = positions[slot.index];
            if (p >= 0) {
                Instant at;
                if (slot.own) {
                    at = Timestamps.fromMicros(slot.event);
                } else {
                    if (shared == null) {
                        shared = Timestamps.fromMicros(slot.event);
                    }
                    at = shared;
                }
                found.put(names.get(p), new StoredValue(slot.value(), at));
            }
        }
        slot.skipRest();
        return found;
    }

    /**
     * The positions of a group's features in the order a merge visits them: by increasing index, one position per
     * index (the last, should a group name a feature twice).
     */
    static int[] order(int[] indexes) {
        Integer[] order = new Integer[indexes.length];
        for (int f = 0; f < order.length; f++) {
            order[f] = f;
        }
        Arrays.sort(order, (a, b) -> a.intValue() != b.intValue() && indexes[a] == indexes[b]
                ? Integer.compare(a, b) : Integer.compare(indexes[a], indexes[b]));
        int[] unique = new int[order.length];
        int n = 0;
        for (int k = 0; k < order.length; k++) {
            if (k + 1 < order.length && indexes[order[k + 1]] == indexes[order[k]]) {
                continue; // a later position names the same feature
            }
            unique[n++] = order[k];
        }
        return Arrays.copyOf(unique, n);
    }

    /** {@code text} quoted for a message: control characters escaped, shortened to about 64 characters. */
    static String quoted(String text) {
        if (text == null) {
            return "null";
        }
        StringBuilder out = new StringBuilder("'");
        for (int i = 0; i < text.length(); i++) {
            if (i == 64) {
                return out.append("'... (").append(text.length()).append(" characters)").toString();
            }
            char c = text.charAt(i);
            if (c < 0x20 || c == 0x7F || c == '\\' || c == '\'') {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.append('\'').toString();
    }

    /**
     * Walks the slots of one entity value, in index order; {@link #next} steps to the next slot and checks it: every
     * index below the group's known names count, every length within the value, the slots ending exactly where the
     * value ends. A check that fails throws an {@link IllegalStateException} naming the group, the entity and what is
     * wrong (every 3-bit type tag is a type, so a tag is never unknown; a list or vector kind may be). Reused from
     * one entity to the next.
     */
    static final class Cursor extends Bytes.Reader {
        private static final int HEADER = 16;
        private final String group;
        private final int known;
        private String entity;
        private long headerEvent;
        private long headerIngested;
        private int runLeft;
        int index;
        /** The current run's 3-bit tag. */
        private int tag;
        /** The current slot's type: the tag, or for the decimal tag a list or vector type. */
        int type;
        boolean own;
        long event;
        long ingested;
        int valueStart;

        /** A cursor over values of {@code group}, whose index names {@code known} features ({@link GroupNames}). */
        Cursor(String group, int known) {
            super(NONE);
            this.group = group;
            this.known = known;
        }

        /** Starts over on the value of {@code entityKey} (named when the value is not format 4); null: no values. */
        void reset(String entityKey, byte[] value) {
            this.entity = entityKey;
            this.bytes = value == null ? NONE : value;
            pos = 0;
            index = -1;
            runLeft = 0;
            if (value != null) {
                if (value.length < HEADER) {
                    throw corrupt("it is " + value.length + " bytes long, shorter than the 16-byte header");
                }
                headerEvent = i64();
                headerIngested = i64();
            }
        }

        /** Steps to the next slot, false past the last one (exactly at the end of the value). */
        boolean next() {
            if (runLeft > 0) {
                runLeft--;
                index++;
            } else if (pos == bytes.length) {
                return false;
            } else {
                head();
            }
            valueStart = pos;
            type = tag;
            switch (tag) {
                case LONG, DOUBLE, TIMESTAMP -> {
                    need(8, "value");
                    pos += 8;
                }
                case STRING -> {
                    int length = count("string length");
                    need(length, "string");
                    pos += length;
                }
                case DECIMAL -> {
                    int scale = count("decimal scale"); // zigzag: any int, but at most 5 bytes
                    int length = count("decimal length");
                    if (length == 0) {
                        array(scale);
                    } else {
                        need(length, "decimal");
                        pos += length;
                    }
                }
                default -> {
                    // null, false, true: the type is the value
                }
            }
            return true;
        }

        /** Steps over a list or vector slot (a decimal tag with length 0), checking it; its kind read before. */
        private void array(int kind) {
            if (kind < LIST_LONG - DECIMAL || kind > VECTOR - DECIMAL) {
                throw corrupt("the decimal at byte " + valueStart + " has no digits (nor is it a list or vector: "
                        + "kind " + Integer.toUnsignedString(kind) + ")");
            }
            type = DECIMAL + kind;
            String name = arrayName(type);
            int count = count(name + " length");
            switch (type) {
                case LIST_LONG, LIST_DOUBLE -> need(count, 8, name);
                case VECTOR -> {
                    if (count == 0) {
                        throw corrupt("the vector at byte " + valueStart + " has no values");
                    }
                    need(count, 4, name);
                }
                case LIST_BOOL -> {
                    need(count, 1, name);
                    for (int i = pos - count; i < pos; i++) {
                        if ((bytes[i] & 0xFE) != 0) {
                            throw corrupt("the list<bool> at byte " + valueStart + " holds " + bytes[i]
                                    + " at byte " + i + " (0 or 1 expected)");
                        }
                    }
                }
                default -> {
                    need(count, "list<string>"); // at least a length byte per string
                    for (int i = 0; i < count; i++) {
                        int length = count("string length");
                        need(length, "string");
                        pos += length;
                    }
                }
            }
        }

        /** Checks that {@code count} values of {@code width} bytes are in the value, and steps over them. */
        private void need(int count, int width, String what) {
            if (count < 0 || (long) count * width > bytes.length - pos) {
                throw corrupt("it ends inside the " + what + " at byte " + pos + " (needs "
                        + Integer.toUnsignedString(count) + " x " + width + " bytes, " + (bytes.length - pos)
                        + " left)");
            }
            pos += count * width;
        }

        /** Reads a run's head: its type, index, length and version. */
        private void head() {
            int at = pos;
            int head = u8();
            tag = head & TYPE;
            int gap = head >>> GAP_SHIFT;
            if (gap == GAP_INLINE) {
                gap += count("gap"); // negative past Integer.MAX_VALUE
            }
            if (gap < 0 || gap >= known - index - 1) {
                throw indexBeyond(at, gap);
            }
            index += 1 + gap;
            runLeft = 0;
            if ((head & RUN) != 0) {
                int more = count("run length");
                if (more >= known - index - 1) {
                    throw runBeyond(more);
                }
                runLeft = more + 1;
            }
            own = (head & OWN) != 0;
            if (own) {
                need(HEADER, "version");
                event = i64();
                ingested = i64();
            } else {
                event = headerEvent;
                ingested = headerIngested;
            }
        }

        /** Steps over every slot left, checking each; a run of fixed-width values that fits in one step. */
        void skipRest() {
            do {
                int width = switch (tag) {
                    case LONG, DOUBLE, TIMESTAMP -> 8;
                    case STRING, DECIMAL -> -1;
                    default -> 0;
                };
                if (runLeft > 0 && width >= 0 && (long) runLeft * width <= bytes.length - pos) {
                    pos += runLeft * width;
                    index += runLeft;
                    runLeft = 0;
                } // else slot by slot: next() says where the value ends short
            } while (next());
        }

        /** An unsigned varint of at most 5 bytes within the value; negative when it exceeds Integer.MAX_VALUE. */
        private int count(String what) {
            if (pos < bytes.length && bytes[pos] >= 0) {
                return bytes[pos++];
            }
            int start = pos;
            int v = 0;
            for (int shift = 0; shift < 35; shift += 7) {
                if (pos == bytes.length) {
                    throw corrupt("it ends inside the " + what + " at byte " + start);
                }
                int b = bytes[pos++];
                v |= (b & 0x7F) << shift;
                if (b >= 0) {
                    return v;
                }
            }
            throw corrupt("the " + what + " at byte " + start + " is longer than 5 bytes");
        }

        /** Checks that {@code length} more bytes (a count read from the value: maybe negative) are in the value. */
        private void need(int length, String what) {
            if (length < 0 || length > bytes.length - pos) {
                throw endsInside(length, what);
            }
        }

        private IllegalStateException endsInside(int length, String what) {
            return corrupt("it ends inside the " + what + " at byte " + pos + " (needs "
                    + Integer.toUnsignedString(length) + " bytes, " + (bytes.length - pos) + " left)");
        }

        private IllegalStateException indexBeyond(int at, int gap) {
            return corrupt("the slot at byte " + at + " names an index beyond the group's " + known
                    + " features (gap " + Integer.toUnsignedString(gap) + " after index " + index + ")");
        }

        private IllegalStateException runBeyond(int more) {
            return corrupt("a run of " + (more + 2L) + " slots from index " + index + " passes the group's " + known
                    + " features");
        }

        private IllegalStateException corrupt(String what) {
            return new IllegalStateException("The online value of group " + quoted(group) + ", entity "
                    + quoted(entity) + " is not a valid format 4 value (" + bytes.length + " bytes): " + what
                    + "; delete the key or write the entity again");
        }

        /** The value of the current slot. */
        Object value() {
            int end = pos;
            pos = valueStart;
            try {
                return switch (type) {
                    case NULL -> null;
                    case FALSE -> Boolean.FALSE;
                    case TRUE -> Boolean.TRUE;
                    case LONG -> i64();
                    case DOUBLE -> Double.longBitsToDouble(i64());
                    case TIMESTAMP -> Timestamps.fromMicros(i64());
                    case STRING -> {
                        int length = varint();
                        yield new String(bytes, pos, length, StandardCharsets.UTF_8);
                    }
                    case DECIMAL -> {
                        int zigzag = varint();
                        int length = varint();
                        yield new BigDecimal(new BigInteger(bytes, pos, length), (zigzag >>> 1) ^ -(zigzag & 1));
                    }
                    default -> array();
                };
            } finally {
                pos = end;
            }
        }

        /** The current list or vector slot's value (checked by {@link #next}). */
        private Object array() {
            varint(); // the kind
            varint(); // the 0 length
            int count = varint();
            if (type == VECTOR) {
                float[] floats = new float[count];
                for (int i = 0; i < count; i++) {
                    floats[i] = Float.intBitsToFloat(i32());
                }
                return FloatVector.of(floats);
            }
            Object[] elements = new Object[count];
            for (int i = 0; i < count; i++) {
                elements[i] = switch (type) {
                    case LIST_LONG -> i64();
                    case LIST_DOUBLE -> Double.longBitsToDouble(i64());
                    case LIST_BOOL -> u8() == 1;
                    default -> {
                        int length = varint();
                        String s = new String(bytes, pos, length, StandardCharsets.UTF_8);
                        pos += length;
                        yield s;
                    }
                };
            }
            return Collections.unmodifiableList(Arrays.asList(elements));
        }

        /** Whether the current slot holds exactly {@code value} (same type, same bits; lists and vectors by content). */
        boolean holds(Object value) {
            if (typeOf(value) != type) {
                return false;
            }
            return switch (type) {
                case LONG -> Bytes.getLong(bytes, valueStart) == (Long) value;
                case DOUBLE -> Bytes.getLong(bytes, valueStart) == Double.doubleToRawLongBits((Double) value);
                case TIMESTAMP -> Bytes.getLong(bytes, valueStart) == Timestamps.toMicros((Instant) value);
                case STRING, DECIMAL, LIST_LONG, LIST_DOUBLE, LIST_STRING, LIST_BOOL, VECTOR -> value().equals(value);
                default -> true;
            };
        }
    }

    /**
     * Builds entity values: slots are added by increasing index, each either kept from the stored bytes (copied as they
     * are) or new (a value and its version), then {@link #build} writes them. Reused from one entity to the next.
     */
    static final class Builder {
        private final Cursor stored;
        private final Bytes.Writer out = new Bytes.Writer(1024);
        private int n;
        private int[] index = new int[16];
        private int[] type = new int[16];
        private long[] event = new long[16];
        private long[] ingested = new long[16];
        private int[] from = new int[16];
        private int[] to = new int[16];
        private Object[] value = new Object[16];
        private long[] versionEvent = new long[16];
        private long[] versionIngested = new long[16];
        private int[] versionCount = new int[16];

        /** A builder of new values only ({@link #add}, {@link #build}), no merges. */
        Builder() {
            this(null, 0);
        }

        /** A builder that merges into stored values of {@code group}, whose index names {@code known} features. */
        Builder(String group, int known) {
            stored = new Cursor(group, known);
        }

        /**
         * One row written over what an entity holds: per feature of the row, by increasing index, the newer of the
         * stored slot and the row's value by {@link #compareVersion} (at an equal version the row's, unless it holds
         * the same value); stored slots the row does not write are kept.
         *
         * @param indexes at each position of the row, its feature's index; {@code order} from {@link #order}
         * @return the entity's new bytes, or null when nothing changed
         * @throws IllegalStateException naming the group, the entity and what is wrong when {@code bytes} is not format 4
         */
        byte[] merge(String entity, byte[] bytes, int[] indexes, int[] order, Object[] values, long eventMicros, long ingestedMicros) {
            n = 0;
            stored.reset(entity, bytes);
            boolean has = stored.next();
            boolean changed = false;
            int k = 0;
            while (has || k < order.length) {
                int f = k < order.length ? order[k] : -1;
                int newIndex = f >= 0 ? indexes[f] : Integer.MAX_VALUE;
                if (has && stored.index < newIndex) {
                    keep(stored);
                    has = stored.next();
                    continue;
                }
                if (has && stored.index == newIndex) {
                    int c = compareVersion(stored.event, stored.ingested, eventMicros, ingestedMicros);
                    if (c > 0 || c == 0 && stored.holds(values[f])) {
                        keep(stored);
                    } else {
                        add(newIndex, values[f], eventMicros, ingestedMicros);
                        changed = true;
                    }
                    has = stored.next();
                } else {
                    add(newIndex, values[f], eventMicros, ingestedMicros);
                    changed = true;
                }
                k++;
            }
            return changed ? build() : null;
        }

        private void keep(Cursor slot) {
            grow();
            index[n] = slot.index;
            type[n] = slot.type;
            event[n] = slot.event;
            ingested[n] = slot.ingested;
            from[n] = slot.valueStart;
            to[n] = slot.pos;
            n++;
        }

        /** Adds a new slot after every slot added so far: {@code index} must be larger than theirs. */
        Builder add(int slotIndex, Object slotValue, long eventMicros, long ingestedMicros) {
            grow();
            index[n] = slotIndex;
            type[n] = typeOf(slotValue);
            event[n] = eventMicros;
            ingested[n] = ingestedMicros;
            from[n] = -1;
            value[n] = slotValue;
            n++;
            return this;
        }

        private void grow() {
            if (n == index.length) {
                int size = n * 2;
                index = Arrays.copyOf(index, size);
                type = Arrays.copyOf(type, size);
                event = Arrays.copyOf(event, size);
                ingested = Arrays.copyOf(ingested, size);
                from = Arrays.copyOf(from, size);
                to = Arrays.copyOf(to, size);
                value = Arrays.copyOf(value, size);
            }
        }

        /** The slots added since the last build (or merge), as entity value bytes; starts over. */
        byte[] build() {
            int header = commonVersion();
            long headerEvent = n == 0 ? 0 : event[header];
            long headerIngested = n == 0 ? 0 : ingested[header];
            out.reset();
            out.i64(headerEvent).i64(headerIngested);
            int previous = -1;
            for (int i = 0; i < n; ) {
                int j = i + 1;
                while (j < n && index[j] == index[j - 1] + 1 && type[j] == type[i] && event[j] == event[i]
                        && ingested[j] == ingested[i]) {
                    j++;
                }
                boolean own = event[i] != headerEvent || ingested[i] != headerIngested;
                int gap = index[i] - previous - 1;
                out.u8(tag(type[i]) | (own ? OWN : 0) | (j - i > 1 ? RUN : 0) | Math.min(gap, GAP_INLINE) << GAP_SHIFT);
                if (gap >= GAP_INLINE) {
                    out.varint(gap - GAP_INLINE);
                }
                if (j - i > 1) {
                    out.varint(j - i - 2);
                }
                if (own) {
                    out.i64(event[i]).i64(ingested[i]);
                }
                for (int s = i; s < j; s++) {
                    writeValue(s);
                }
                previous = index[j - 1];
                i = j;
            }
            Arrays.fill(value, 0, n, null);
            n = 0;
            return out.toArray();
        }

        /** A slot holding the version most slots have (the first such, on ties). */
        private int commonVersion() {
            if (versionCount.length < n) {
                versionEvent = new long[n];
                versionIngested = new long[n];
                versionCount = new int[n];
            }
            int distinct = 0;
            int best = 0;
            int bestCount = 0;
            for (int i = 0; i < n; i++) {
                int d = 0;
                while (d < distinct && (versionEvent[d] != event[i] || versionIngested[d] != ingested[i])) {
                    d++;
                }
                if (d == distinct) {
                    versionEvent[d] = event[i];
                    versionIngested[d] = ingested[i];
                    versionCount[d] = 0;
                    distinct++;
                }
                if (++versionCount[d] > bestCount) {
                    bestCount = versionCount[d];
                    best = i;
                }
            }
            return best;
        }

        private void writeValue(int s) {
            if (from[s] >= 0) {
                out.bytes(stored.bytes, from[s], to[s] - from[s]);
                return;
            }
            Object v = value[s];
            switch (type[s]) {
                case LONG -> out.i64((Long) v);
                case DOUBLE -> out.i64(Double.doubleToRawLongBits((Double) v));
                case TIMESTAMP -> out.i64(Timestamps.toMicros((Instant) v));
                case STRING -> {
                    byte[] utf8 = ((String) v).getBytes(StandardCharsets.UTF_8);
                    out.varint(utf8.length).bytes(utf8, 0, utf8.length);
                }
                case DECIMAL -> {
                    BigDecimal d = (BigDecimal) v;
                    byte[] unscaled = d.unscaledValue().toByteArray();
                    out.varint(d.scale() << 1 ^ d.scale() >> 31).varint(unscaled.length)
                            .bytes(unscaled, 0, unscaled.length);
                }
                case VECTOR -> {
                    float[] floats = ((FloatVector) v).values();
                    out.varint(VECTOR - DECIMAL).u8(0).varint(floats.length);
                    for (float f : floats) {
                        out.i32(Float.floatToRawIntBits(f));
                    }
                }
                case LIST_LONG, LIST_DOUBLE, LIST_STRING, LIST_BOOL -> writeList(type[s], (List<?>) v);
                default -> {
                    // null, false, true: the type is the value
                }
            }
        }

        private void writeList(int listType, List<?> list) {
            out.varint(listType - DECIMAL).u8(0).varint(list.size());
            for (int i = 0; i < list.size(); i++) {
                Object e = list.get(i);
                switch (listType) {
                    case LIST_LONG -> out.i64((Long) e);
                    case LIST_DOUBLE -> out.i64(Double.doubleToRawLongBits((Double) e));
                    case LIST_BOOL -> out.u8((Boolean) e ? 1 : 0);
                    default -> {
                        byte[] utf8 = ((String) e).getBytes(StandardCharsets.UTF_8);
                        out.varint(utf8.length).bytes(utf8, 0, utf8.length);
                    }
                }
            }
        }
    }
}
