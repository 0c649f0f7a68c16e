package io.fstore.serving;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.SerializedString;

/**
 * The JSON strings of the times in one answer (ISO-8601 UTC), each formatted and encoded once: the values of a row
 * share its event time, so most look-ups are the time asked for just before, answered without hashing.
 */
final class TimeTexts {

    private final Map<Instant, SerializedString> texts = new HashMap<>();
    private Instant last;
    private SerializedString lastText;

    SerializableString of(Instant time) {
        if (!time.equals(last)) {
            lastText = texts.computeIfAbsent(time, t -> new SerializedString(t.toString()));
            last = time;
        }
        return lastText;
    }
}
