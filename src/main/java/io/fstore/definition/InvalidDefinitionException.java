package io.fstore.definition;

import java.util.List;
import java.util.stream.Collectors;

/** Thrown when definitions or settings are invalid; FStore never starts half-configured. */
public class InvalidDefinitionException extends RuntimeException {

    private final List<DefinitionError> errors;

    public InvalidDefinitionException(List<DefinitionError> errors) {
        super(errors.size() + " configuration error(s):\n  "
                + errors.stream().map(DefinitionError::toString).collect(Collectors.joining("\n  ")));
        this.errors = List.copyOf(errors);
    }

    public List<DefinitionError> errors() {
        return errors;
    }
}
