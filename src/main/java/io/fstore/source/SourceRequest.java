package io.fstore.source;

import java.util.Map;

/**
 * What a source kind's route template sends to its Camel component for one run: the message body (SQL text, a
 * MongoDB filter or pipeline, ...) and the component's own headers (query parameters, sort, batch size). Headers here
 * are only ever the component's: FStore's own state travels in exchange properties.
 */
public record SourceRequest(Object body, Map<String, Object> headers) {

    public SourceRequest {
        headers = Map.copyOf(headers);
    }
}
