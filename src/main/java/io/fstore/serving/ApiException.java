package io.fstore.serving;

/** A request FStore refuses, with the HTTP status, a short error code, the offending field and a detail. */
public class ApiException extends RuntimeException {

    private final int status;
    private final String error;
    private final String field;

    public ApiException(int status, String error, String field, String detail) {
        super(detail);
        this.status = status;
        this.error = error;
        this.field = field;
    }

    public int status() {
        return status;
    }

    public String error() {
        return error;
    }

    public String field() {
        return field;
    }
}
