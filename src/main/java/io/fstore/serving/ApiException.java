package io.fstore.serving;

/**
 * A request FStore refuses, with the HTTP status, a short error code, the offending field and a detail. The detail
 * is for the client; it may quote the request, so logs escape it.
 */
public class ApiException extends RuntimeException {

    private final int status;
    private final String error;
    private final String field;
    private final int retryAfterSeconds;

    public ApiException(int status, String error, String field, String detail) {
        this(status, error, field, detail, 0);
    }

    /** @param retryAfterSeconds sent as {@code Retry-After} when above zero */
    public ApiException(int status, String error, String field, String detail, int retryAfterSeconds) {
        super(detail, null, false, false); // a refusal, not a fault: no stack trace to fill
        this.status = status;
        this.error = error;
        this.field = field;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    /** 404 {@code group_not_found}, naming the groups there are. */
    static ApiException groupNotFound(String name, io.fstore.pipeline.FeatureGroups groups) {
        return new ApiException(404, "group_not_found", "group", "no feature group named '" + name
                + "'; known groups: " + String.join(", ", groups.all().stream()
                        .map(io.fstore.model.FeatureGroup::name).toList()));
    }

    public int status() {
        return status;
    }

    public String error() {
        return error;
    }

    /** The request part that is wrong (a parameter, or a JSON path in the body); null when it is none in particular. */
    public String field() {
        return field;
    }

    public int retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
