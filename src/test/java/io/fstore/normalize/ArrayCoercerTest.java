package io.fstore.normalize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;

import io.fstore.model.Feature;
import io.fstore.model.FloatVector;
import io.fstore.model.ValueType;
import org.junit.jupiter.api.Test;

class ArrayCoercerTest {

    private static final Feature LONGS = Feature.of("counts", ValueType.LIST_LONG);
    private static final Feature DOUBLES = Feature.of("scores", ValueType.LIST_DOUBLE);
    private static final Feature TEXTS = Feature.of("tags", ValueType.LIST_STRING);
    private static final Feature BOOLS = Feature.of("flags", ValueType.LIST_BOOL);
    private static final Feature VECTOR = Feature.vector("embedding", 3);

    @Test
    void lists_read_collections_arrays_and_json_text_element_by_element() {
        assertThat(ValueCoercer.coerce(LONGS, List.of(1, 2L, new BigDecimal("3")))).isEqualTo(List.of(1L, 2L, 3L));
        assertThat(ValueCoercer.coerce(LONGS, new long[] {4, 5})).isEqualTo(List.of(4L, 5L));
        assertThat(ValueCoercer.coerce(LONGS, new Integer[] {6})).isEqualTo(List.of(6L));
        assertThat(ValueCoercer.coerce(DOUBLES, "[1.5, 2, -0.25]")).isEqualTo(List.of(1.5, 2.0, -0.25));
        assertThat(ValueCoercer.coerce(TEXTS, new LinkedHashSet<>(List.of("b", "a")))).isEqualTo(List.of("b", "a"));
        assertThat(ValueCoercer.coerce(BOOLS, List.of(true, "false", 1))).isEqualTo(List.of(true, false, true));
        assertThat(ValueCoercer.coerce(TEXTS, List.of())).isEqualTo(List.of());
        assertThat(ValueCoercer.coerce(DOUBLES, FloatVector.of(0.5f, -2f))).isEqualTo(List.of(0.5, -2.0));
    }

    @Test
    void a_list_value_cannot_be_changed() {
        List<?> value = (List<?>) ValueCoercer.coerce(LONGS, new long[] {1});
        assertThatThrownBy(() -> value.clear()).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void bad_elements_are_refused_with_their_position_and_reason() {
        assertThatThrownBy(() -> ValueCoercer.coerce(LONGS, List.of(1, 2.5)))
                .hasMessage("element 1: cannot read '2.5' (Double) as long: it has a fraction or is out of range");
        assertThatThrownBy(() -> ValueCoercer.coerce(TEXTS, Arrays.asList("a", null)))
                .hasMessage("element 1 is null (a list<string> holds no null element)");
        assertThatThrownBy(() -> ValueCoercer.coerce(DOUBLES, List.of(Double.NaN)))
                .hasMessageStartingWith("element 0: ").hasMessageContaining("not a finite number");
        assertThatThrownBy(() -> ValueCoercer.coerce(TEXTS, List.of("a", java.util.Map.of("nested", 1))))
                .hasMessage("element 1 is a nested array or document (a list<string> holds single values)");
        assertThatThrownBy(() -> ValueCoercer.coerce(LONGS, "[[1, 2], [3]]"))
                .hasMessage("element 0 is a nested array or document (a list<long> holds single values)");
        assertThatThrownBy(() -> ValueCoercer.coerce(LONGS, 7L))
                .hasMessage("cannot read '7' (Long) as list<long> (expected an array)");
        assertThatThrownBy(() -> ValueCoercer.coerce(LONGS, "[1, "))
                .hasMessageStartingWith("cannot read '[1, ' (String) as list<long>: not a JSON array");
    }

    @Test
    void vectors_are_floats_of_exactly_the_dimension() {
        assertThat(ValueCoercer.coerce(VECTOR, List.of(0.5, 1, "-2.25")))
                .isEqualTo(FloatVector.of(0.5f, 1f, -2.25f));
        assertThat(ValueCoercer.coerce(VECTOR, new double[] {1, 2, 3})).isEqualTo(FloatVector.of(1f, 2f, 3f));
        assertThat(ValueCoercer.coerce(VECTOR, new float[] {1, 2, 3})).isEqualTo(FloatVector.of(1f, 2f, 3f));
        assertThat(ValueCoercer.coerce(VECTOR, FloatVector.of(1f, 2f, 3f))).isEqualTo(FloatVector.of(1f, 2f, 3f));
        assertThatThrownBy(() -> ValueCoercer.coerce(VECTOR, List.of(1, 2)))
                .hasMessage("has 2 values, expected dimension 3");
        assertThatThrownBy(() -> ValueCoercer.coerce(VECTOR, FloatVector.of(1f, 2f, 3f, 4f)))
                .hasMessage("has 4 values, expected dimension 3");
        assertThatThrownBy(() -> ValueCoercer.coerce(VECTOR, List.of(1, 1e39, 2)))
                .hasMessageStartingWith("element 1: ").hasMessageContaining("not a finite float");
        assertThatThrownBy(() -> ValueCoercer.coerce(VECTOR, List.of(1, "x", 2)))
                .hasMessage("element 1: cannot read 'x' (String) as float");
    }
}
