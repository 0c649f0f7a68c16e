package io.fstore.store.offline;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;

import io.fstore.model.Feature;
import io.fstore.model.FloatVector;
import org.apache.parquet.io.api.Converter;
import org.apache.parquet.io.api.GroupConverter;
import org.apache.parquet.io.api.PrimitiveConverter;
import org.apache.parquet.schema.GroupType;
import org.apache.parquet.schema.LogicalTypeAnnotation.ListLogicalTypeAnnotation;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;

/**
 * Reads a standard three-level LIST column ({@link OfflineSchema}) into the value of a list feature, an unmodifiable
 * {@link List}, or of a vector feature, a {@link FloatVector} of exactly the declared dimension. The elements are
 * gathered in a buffer reused for every record; only the value handed out is new. A null element, or a vector of
 * another length, fails with the file and the feature: FStore never writes either.
 */
final class ArrayColumn extends GroupConverter {

    private final Feature feature;
    private final Object where;
    private final Consumer<Object> sink;
    private final List<Object> elements = new ArrayList<>();
    private final float[] floats;
    private Converter repeated;
    private int count;

    private ArrayColumn(Feature feature, Object where, Consumer<Object> sink, boolean vector) {
        this.feature = feature;
        this.where = where;
        this.sink = sink;
        this.floats = vector ? new float[feature.dimension()] : null;
    }

    /** The element column of a standard LIST column, or null when {@code field} is not one. */
    static PrimitiveType element(Type field) {
        if (field.isPrimitive() || !(field.getLogicalTypeAnnotation() instanceof ListLogicalTypeAnnotation)
                || field.asGroupType().getFieldCount() != 1) {
            return null;
        }
        Type repeated = field.asGroupType().getType(0);
        if (repeated.isPrimitive() || !repeated.isRepetition(Type.Repetition.REPEATED)
                || repeated.asGroupType().getFieldCount() != 1) {
            return null;
        }
        Type element = ((GroupType) repeated).getType(0);
        return element.isPrimitive() && !element.isRepetition(Type.Repetition.REPEATED)
                ? element.asPrimitiveType() : null;
    }

    /**
     * A list feature's column, or null when its elements do not read as the element type: {@code element} makes the
     * converter of one element given where its values go, null when the element column does not read so.
     */
    static ArrayColumn list(Feature f, Object where, Consumer<Object> sink,
                            Function<Consumer<Object>, Converter> element) {
        ArrayColumn column = new ArrayColumn(f, where, sink, false);
        Converter leaf = element.apply(column.elements::add);
        if (leaf == null) {
            return null;
        }
        column.repeated = column.new Repeated(leaf);
        return column;
    }

    /** A vector feature's column, or null unless its elements are 32-bit floats (a double would lose digits). */
    static ArrayColumn vector(Feature f, PrimitiveType element, Object where, Consumer<Object> sink) {
        if (element.getPrimitiveTypeName() != PrimitiveTypeName.FLOAT) {
            return null;
        }
        ArrayColumn column = new ArrayColumn(f, where, sink, true);
        column.repeated = column.new Repeated(column.new FloatElement());
        return column;
    }

    @Override
    public Converter getConverter(int fieldIndex) {
        return repeated;
    }

    @Override
    public void start() {
        elements.clear();
        count = 0;
    }

    @Override
    public void end() {
        if (floats == null) {
            sink.accept(List.copyOf(elements));
        } else if (count != floats.length) {
            throw new IllegalStateException("Offline file " + where + " holds " + count + " floats for vector feature '"
                    + feature.name() + "', whose declared dimension is " + floats.length);
        } else {
            sink.accept(FloatVector.of(floats.clone()));
        }
    }

    private int size() {
        return floats == null ? elements.size() : count;
    }

    /** One element's repeated group: it must hold a value (an optional element of another writer may be null). */
    private final class Repeated extends GroupConverter {
        private final Converter leaf;
        private int before;

        Repeated(Converter leaf) {
            this.leaf = leaf;
        }

        @Override
        public Converter getConverter(int fieldIndex) {
            return leaf;
        }

        @Override
        public void start() {
            before = size();
        }

        @Override
        public void end() {
            if (size() == before) {
                throw new IllegalStateException("Offline file " + where + " holds a null element at index " + before
                        + " of feature '" + feature.name() + "' (a " + feature.type().yamlName()
                        + " holds no null element)");
            }
        }
    }

    private final class FloatElement extends PrimitiveConverter {
        @Override
        public void addFloat(float value) {
            if (count < floats.length) {
                floats[count] = value;
            }
            count++;
        }
    }
}
