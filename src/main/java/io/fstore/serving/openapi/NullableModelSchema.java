package io.fstore.serving.openapi;

import java.lang.annotation.Annotation;
import java.util.Iterator;

import io.swagger.v3.core.converter.AnnotatedType;
import io.swagger.v3.core.converter.ModelConverter;
import io.swagger.v3.core.converter.ModelConverterContext;
import io.swagger.v3.core.converter.ModelConverters;
import io.swagger.v3.oas.models.media.ComposedSchema;
import io.swagger.v3.oas.models.media.Schema;

/**
 * Describes a property whose type is one of these models and whose {@code @Schema} says {@code nullable = true} (a
 * group's {@code lastRun}) as {@code {nullable: true, allOf: [{$ref: ...}]}}. swagger-core writes such a property as
 * a bare {@code $ref}, and OpenAPI 3.0 ignores anything beside a {@code $ref}: the document would say the value is
 * never null.
 */
public final class NullableModelSchema implements ModelConverter {

    private static final String REF_PREFIX = "#/components/schemas/";
    private static volatile boolean installed;

    /** Puts this converter first in swagger-core's shared converter list (after {@link AnyValueSchema#install}). */
    public static synchronized void install() {
        AnyValueSchema.install();
        if (!installed) {
            ModelConverters.getInstance().addConverter(new NullableModelSchema());
            installed = true;
        }
    }

    @Override
    public Schema<?> resolve(AnnotatedType type, ModelConverterContext context, Iterator<ModelConverter> chain) {
        Schema<?> resolved = chain.hasNext() ? chain.next().resolve(type, context, chain) : null;
        io.swagger.v3.oas.annotations.media.Schema declared = declared(type);
        if (resolved == null || declared == null || !declared.nullable() || type.getPropertyName() == null) {
            return resolved;
        }
        String ref = resolved.get$ref();
        if (ref == null && resolved.getName() != null && context.getDefinedModels().containsKey(resolved.getName())) {
            ref = REF_PREFIX + resolved.getName();
        }
        if (ref == null || !ref.startsWith(REF_PREFIX)) {
            return resolved;
        }
        ComposedSchema nullable = new ComposedSchema();
        nullable.addAllOfItem(new Schema<>().$ref(ref));
        nullable.setNullable(true);
        if (!declared.description().isEmpty()) {
            nullable.setDescription(declared.description());
        }
        return nullable;
    }

    private static io.swagger.v3.oas.annotations.media.Schema declared(AnnotatedType type) {
        if (type.getCtxAnnotations() == null) {
            return null;
        }
        for (Annotation a : type.getCtxAnnotations()) {
            if (a instanceof io.swagger.v3.oas.annotations.media.Schema schema) {
                return schema;
            }
        }
        return null;
    }
}
