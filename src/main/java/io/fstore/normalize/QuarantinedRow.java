package io.fstore.normalize;

import java.util.Map;

/** A source row that could not be normalized, kept with the reason so nothing is dropped silently. */
public record QuarantinedRow(String reason, Map<String, Object> row) {
}
