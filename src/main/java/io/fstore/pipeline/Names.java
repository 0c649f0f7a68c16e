package io.fstore.pipeline;

/** Header, exchange-property and bean names shared by the Java steps and the YAML routes. */
public final class Names {

    public static final String GROUP_HEADER = "fstoreGroup";
    public static final String CHUNK_SIZE_HEADER = "fstoreChunkSize";
    public static final String RUN_PROPERTY = "fstoreRun";
    public static final String CHUNK_PROPERTY = "fstoreChunk";
    public static final String INGESTED_AT_PROPERTY = "fstoreIngestedAt";
    public static final String LEASE_PROPERTY = "fstoreLease";
    public static final String RUN_ERROR_PROPERTY = "fstoreRunError";

    public static final String PIPELINE_BEAN = "fstorePipeline";
    public static final String READINESS_BEAN = "fstoreReadiness";
    public static final String API_BEAN = "onlineApi";
    public static final String API_ONE_PROCESSOR = "apiOne";
    public static final String API_MANY_PROCESSOR = "apiMany";
    public static final String API_BATCH_PROCESSOR = "apiBatch";
    public static final String API_ERROR_PROCESSOR = "apiError";

    public static final String JDBC_TEMPLATE = "jdbc-source";
    public static final String SCHEDULE_TEMPLATE = "schedule";
    public static final String STARTUP_TEMPLATE = "run-on-start";

    private Names() {
    }

    public static String groupRouteId(String group) {
        return "fg." + group;
    }
}
