package io.fstore.source;

/** What survives between runs of a group: its watermark (null before the first incremental chunk) and last run. */
public record GroupState(Watermark watermark, RunSummary lastRun) {
}
