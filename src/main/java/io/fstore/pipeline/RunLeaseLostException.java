package io.fstore.pipeline;

/** A run outlived its lease (max_run_time): it may not commit a checkpoint any more. */
public final class RunLeaseLostException extends RuntimeException {

    public RunLeaseLostException(String message) {
        super(message);
    }
}
