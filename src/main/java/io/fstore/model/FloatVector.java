package io.fstore.model;

import java.util.Arrays;

/**
 * The value of a {@code vector} feature: an embedding of 32-bit floats, compared by content. The array is copied
 * neither in nor out (no copy per value on the hot paths): callers must not change it after handing it over.
 */
public final class FloatVector {

    private final float[] values;

    private FloatVector(float[] values) {
        this.values = values;
    }

    /** Takes {@code values} as they are (not copied). */
    public static FloatVector of(float... values) {
        return new FloatVector(values);
    }

    public int dimension() {
        return values.length;
    }

    public float get(int index) {
        return values[index];
    }

    /** The floats themselves (not a copy): do not change them. */
    public float[] values() {
        return values;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof FloatVector v && Arrays.equals(values, v.values);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(values);
    }

    @Override
    public String toString() {
        return Arrays.toString(values);
    }
}
