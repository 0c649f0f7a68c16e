package io.fstore.probe12;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Proxy;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import io.fstore.model.Feature;
import io.fstore.model.FloatVector;
import io.fstore.model.ValueType;
import io.fstore.normalize.ValueCoercer;
import org.junit.jupiter.api.Test;

/** Odd inputs for the list and vector types, through ValueCoercer (ArrayCoercer is package-private). */
class ArrayCoercerProbeTest {

    private static final Feature LONGS = Feature.of("xs", ValueType.LIST_LONG);
    private static final Feature STRINGS = Feature.of("tags", ValueType.LIST_STRING);
    private static final Feature VEC3 = Feature.vector("emb", 3);

    @Test
    void json_text_with_trailing_garbage_is_refused_not_cut_to_its_first_array() {
        assertThatThrownBy(() -> ValueCoercer.coerce(LONGS, "[1,2] [3]")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ValueCoercer.coerce(LONGS, "[1,2]]")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ValueCoercer.coerce(VEC3, "[1,2,3], 4")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void a_nested_java_array_in_a_list_of_strings_is_refused_not_stored_as_an_object_identity() {
        Object raw = new Object[] {"a", new String[] {"b", "c"}};
        // a value like "[Ljava.lang.String;@1b2c3d" is no user's data
        assertThatThrownBy(() -> ValueCoercer.coerce(STRINGS, raw)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("element 1 is a nested array or document (a list<string> holds single values)");
    }

    @Test
    void a_nested_array_from_a_sql_array_in_a_list_of_strings_is_refused() {
        java.sql.Array twoDims = sqlArray(() -> new String[][] {{"a"}, {"b"}});
        assertThatThrownBy(() -> ValueCoercer.coerce(STRINGS, twoDims)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("element 0 is a nested array or document (a list<string> holds single values)");
    }

    @Test
    void nested_json_arrays_in_a_list_of_longs_are_refused_with_the_element_index() {
        assertThatThrownBy(() -> ValueCoercer.coerce(LONGS, "[1, [2, 3]]")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("element 1 is a nested array or document (a list<long> holds single values)");
    }

    @Test
    void a_map_is_not_a_list_and_a_map_element_of_a_list_of_longs_is_refused() {
        assertThatThrownBy(() -> ValueCoercer.coerce(LONGS, Map.of("a", 1))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("expected an array");
        assertThatThrownBy(() -> ValueCoercer.coerce(LONGS, List.of(1L, Map.of("a", 1))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("element 1 is a nested array or document (a list<long> holds single values)");
    }

    @Test
    void a_huge_list_is_read_whole_and_unmodifiable() {
        List<Long> big = new ArrayList<>();
        for (long i = 0; i < 200_000; i++) {
            big.add(i);
        }
        Object out = ValueCoercer.coerce(LONGS, big);
        assertThat(out).isInstanceOf(List.class);
        @SuppressWarnings("unchecked") List<Object> list = (List<Object>) out;
        assertThat(list).hasSize(200_000);
        assertThat(list.get(199_999)).isEqualTo(199_999L);
        assertThatThrownBy(() -> list.add(1L)).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void a_deeply_nested_json_text_is_a_quarantine_reason_not_a_stack_overflow() {
        String deep = "[".repeat(5000) + "]".repeat(5000);
        assertThatThrownBy(() -> ValueCoercer.coerce(LONGS, deep)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void a_sql_array_whose_get_array_fails_is_a_quarantine_reason() {
        java.sql.Array failing = sqlArray(() -> {
            throw new SQLException("array gone");
        });
        assertThatThrownBy(() -> ValueCoercer.coerce(LONGS, failing)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("cannot read the SQL array as list<long>: array gone");
    }

    @Test
    void a_sql_array_whose_get_array_throws_a_runtime_exception_is_a_quarantine_reason_too() {
        java.sql.Array failing = sqlArray(() -> {
            throw new UnsupportedOperationException("driver does not support getArray");
        });
        assertThatThrownBy(() -> ValueCoercer.coerce(LONGS, failing)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("driver does not support getArray");
    }

    @Test
    void vector_values_keep_their_floats_and_refuse_what_is_not_a_finite_float() {
        assertThat(ValueCoercer.coerce(VEC3, List.of(1, 2.5, "3e0"))).isEqualTo(FloatVector.of(1f, 2.5f, 3f));
        assertThat(ValueCoercer.coerce(VEC3, new double[] {0.1, -0.2, 1e-50}))
                .isEqualTo(FloatVector.of(0.1f, -0.2f, 0f));
        assertThatThrownBy(() -> ValueCoercer.coerce(VEC3, List.of(1, 2, 1e39)))
                .hasMessageContaining("element 2").hasMessageContaining("not a finite float");
        assertThatThrownBy(() -> ValueCoercer.coerce(VEC3, "[1, 2, NaN]")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ValueCoercer.coerce(VEC3, List.of(true, 2, 3)))
                .hasMessage("element 0: cannot read 'true' (Boolean) as float");
        assertThatThrownBy(() -> ValueCoercer.coerce(VEC3, new float[] {1, 2}))
                .hasMessage("has 2 values, expected dimension 3");
    }

    @Test
    void a_float_array_handed_to_a_vector_is_copied_so_the_source_buffer_can_be_reused() {
        float[] buffer = {1, 2, 3};
        FloatVector v = (FloatVector) ValueCoercer.coerce(VEC3, buffer);
        buffer[0] = 99;
        assertThat(v.get(0)).isEqualTo(1f);
    }

    @Test
    void an_empty_list_is_a_value_and_a_null_element_is_refused() {
        assertThat(ValueCoercer.coerce(LONGS, "[]")).isEqualTo(List.of());
        assertThat(ValueCoercer.coerce(LONGS, Collections.emptySet())).isEqualTo(List.of());
        assertThatThrownBy(() -> ValueCoercer.coerce(STRINGS, "[\"a\", null]"))
                .hasMessage("element 1 is null (a list<string> holds no null element)");
    }

    private interface ArraySupplier {
        Object get() throws SQLException;
    }

    private static java.sql.Array sqlArray(ArraySupplier contents) {
        return (java.sql.Array) Proxy.newProxyInstance(ArrayCoercerProbeTest.class.getClassLoader(),
                new Class<?>[] {java.sql.Array.class}, (proxy, method, args) -> {
                    if (method.getName().equals("getArray") && (args == null || args.length == 0)) {
                        return contents.get();
                    }
                    if (method.getName().equals("toString")) {
                        return "probe-sql-array";
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }
}
