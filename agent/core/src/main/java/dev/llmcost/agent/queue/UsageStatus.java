package dev.llmcost.agent.queue;

/** How much the agent knows about the tokens of one call. Only {@link #REPORTED} calls can be priced. */
public enum UsageStatus {
    /** The provider reported usage; the token counts are exactly its own. */
    REPORTED("reported"),
    /** A successful response that carried no usage (for example a stream without {@code include_usage}). */
    MISSING("missing"),
    /** The response ended before its usage arrived: closed early, cancelled, or the connection failed. */
    INCOMPLETE("incomplete"),
    /** The response body could not be parsed. */
    MALFORMED("malformed"),
    /** The agent did not keep the body (over its memory budget); the call happened but was not measured. */
    NOT_CAPTURED("not_captured"),
    /** An error response (4xx/5xx): providers do not bill these. */
    ERROR("error");

    private final String wireName;

    UsageStatus(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public static UsageStatus fromWireName(String name) {
        for (UsageStatus status : values()) {
            if (status.wireName.equals(name)) {
                return status;
            }
        }
        throw new IllegalArgumentException("unknown usage status '" + name + "'");
    }
}
