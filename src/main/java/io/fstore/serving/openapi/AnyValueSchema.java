package io.fstore.serving.openapi;

import java.util.Iterator;

import io.swagger.v3.core.converter.AnnotatedType;
import io.swagger.v3.core.converter.ModelConverter;
import io.swagger.v3.core.converter.ModelConverterContext;
import io.swagger.v3.core.converter.ModelConverters;
import io.swagger.v3.core.util.Json;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.BooleanSchema;
import io.swagger.v3.oas.models.media.ComposedSchema;
import io.swagger.v3.oas.models.media.NumberSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;

/**
 * Describes {@link AnyValue} in the OpenAPI document as "a number, a string, a boolean, an array of those, or null". swagger-core, which
 * camel-openapi-java uses, describes any Java class (even {@code Object}) as {@code type: object}, which real values
 * would contradict; this converter answers for {@link AnyValue} and passes every other type on.
 */
public final class AnyValueSchema implements ModelConverter {

    private static final String CAMEL_CONVERTERS = "org.apache.camel.openapi.RestModelConverters";
    private static volatile boolean installed;

    /**
     * Puts this converter first in swagger-core's shared converter list. camel-openapi-java adds its own converter
     * to that list when its class initializes, in front of what is there; so it is initialized first here.
     */
    public static synchronized void install() {
        if (installed) {
            return;
        }
        try {
            Class.forName(CAMEL_CONVERTERS, true, AnyValueSchema.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("camel-openapi-java is missing from the class path", e);
        }
        ModelConverters.getInstance().addConverter(new AnyValueSchema());
        installed = true;
    }

    @Override
    public Schema<?> resolve(AnnotatedType type, ModelConverterContext context, Iterator<ModelConverter> chain) {
        if (type.getType() != null && Json.mapper().constructType(type.getType()).getRawClass() == AnyValue.class) {
            // OpenAPI 3.0 has no null type: each alternative is nullable (validators check null against them)
            // anyOf, not oneOf: an empty list is an array of numbers, of strings and of booleans at once
            ComposedSchema element = new ComposedSchema();
            element.addAnyOfItem(new NumberSchema());
            element.addAnyOfItem(new StringSchema());
            element.addAnyOfItem(new BooleanSchema());
            ComposedSchema value = new ComposedSchema();
            value.addAnyOfItem(new NumberSchema().nullable(true));
            value.addAnyOfItem(new StringSchema().nullable(true));
            value.addAnyOfItem(new BooleanSchema().nullable(true));
            value.addAnyOfItem(new ArraySchema().items(element).nullable(true));
            value.setNullable(true);
            value.setDescription("The value as JSON: long and double as numbers, bool as true or false, string as a "
                    + "string, decimal as a string with all its digits, timestamp as an ISO-8601 UTC string; "
                    + "list<long>, list<double>, list<string> and list<bool> as an array of such values (never null "
                    + "inside; [] when empty), vector as an array of its dimension's numbers (32-bit floats, each "
                    + "written as the shortest text that reads back as that float); null when the feature is missing");
            return value;
        }
        return chain.hasNext() ? chain.next().resolve(type, context, chain) : null;
    }
}
