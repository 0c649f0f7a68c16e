package io.fstore.source;

import com.fasterxml.jackson.annotation.JsonAlias;

/**
 * What survives between runs of a group: its checkpoint (null before the first one) and its last run. State files
 * written before 0.2 called the checkpoint {@code watermark}; they are read as they are.
 */
@com.fasterxml.jackson.annotation.JsonIgnoreProperties(ignoreUnknown = true)
public record GroupState(@JsonAlias("watermark") Checkpoint checkpoint, RunSummary lastRun) {
}
