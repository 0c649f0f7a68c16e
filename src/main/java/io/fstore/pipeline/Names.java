package io.fstore.pipeline;

/** Exchange-property and bean names shared by the Java steps and the YAML routes. */
public final class Names {

    /** The group a run or chunk belongs to (set by each source template). */
    public static final String GROUP_PROPERTY = "fstoreGroup";
    /** Records per chunk (set by each source template from its chunkSize parameter). */
    public static final String CHUNK_SIZE_PROPERTY = "fstoreChunkSize";
    public static final String RUN_PROPERTY = "fstoreRun";
    public static final String CHUNK_PROPERTY = "fstoreChunk";
    public static final String INGESTED_AT_PROPERTY = "fstoreIngestedAt";
    public static final String LEASE_PROPERTY = "fstoreLease";
    public static final String RUN_ERROR_PROPERTY = "fstoreRunError";

    /** Run bookkeeping around bounded runs: {@link RunSteps}. */
    public static final String RUNS_BEAN = "fstoreRuns";
    /** The source side of a template: {@link SourceSteps}. */
    public static final String SOURCES_BEAN = "fstoreSources";
    /** The shared chunk route's steps: {@link ChunkSteps}. */
    public static final String PIPELINE_BEAN = "fstorePipeline";
    public static final String READINESS_BEAN = "fstoreReadiness";
    /** The error policy's test for retriable failures: {@link Retriable}. */
    public static final String RETRIABLE_BEAN = "fstoreRetriable";
    public static final String API_BEAN = "onlineApi";
    public static final String API_ONE_PROCESSOR = "apiOne";
    public static final String API_MANY_PROCESSOR = "apiMany";
    public static final String API_BATCH_PROCESSOR = "apiBatch";
    public static final String API_ERROR_PROCESSOR = "apiError";
    public static final String STATUS_PAGE_PROCESSOR = "statusPage";
    /** The runs API's processors: GET /groups, GET /groups/{group}, POST /groups/{group}/runs. */
    public static final String API_GROUPS_PROCESSOR = "apiGroups";
    public static final String API_GROUP_PROCESSOR = "apiGroup";
    public static final String API_GROUP_RUNS_PROCESSOR = "apiGroupRuns";

    public static final String SCHEDULE_TEMPLATE = "schedule";
    public static final String STARTUP_TEMPLATE = "run-on-start";

    private Names() {
    }

    public static String groupRouteId(String group) {
        return "fg." + group;
    }
}
