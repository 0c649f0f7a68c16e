package io.fstore.serving.openapi;

/** A feature value, whose JSON type depends on the feature's type (see {@link AnyValueSchema}). Never instantiated. */
public final class AnyValue {

    private AnyValue() {
    }
}
