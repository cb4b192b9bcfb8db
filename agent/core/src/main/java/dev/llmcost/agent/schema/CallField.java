package dev.llmcost.agent.schema;

import dev.llmcost.agent.queue.CallRecord;
import dev.llmcost.agent.queue.UsageStatus;

import java.util.Map;
import java.util.function.Function;

/**
 * The fields of a call: the one table both the queue codec and the ledger codec write and read ({@link CallJson}),
 * so that the two cannot drift. Declared in the order the ledger has always listed them (the README's ledger row);
 * a new field is a constant here, a component of {@link CallRecord} and its place in {@link #record}.
 */
public enum CallField {
    EVENT_ID("event_id", Type.TEXT, true, CallRecord::eventId),
    /** Queue only: the ledger is the collector's, and no one prices by agent. */
    AGENT_ID("agent_id", null, Type.TEXT, false, CallRecord::agentId),
    /** Epoch milliseconds in the queue; the ledger writes it for people, as ISO-8601 UTC. */
    TIMESTAMP("timestamp_ms", "timestamp", Type.TIME, true, CallRecord::timestampMillis),
    DURATION("duration_ms", Type.NUMBER, true, CallRecord::durationMillis),
    PROVIDER("provider", Type.TEXT, true, CallRecord::provider),
    OPERATION("operation", Type.TEXT, false, CallRecord::operation),
    REQUEST_MODEL("request_model", Type.TEXT, false, CallRecord::requestModel),
    RESPONSE_MODEL("response_model", Type.TEXT, false, CallRecord::responseModel),
    STREAMING("streaming", Type.BOOLEAN, false, CallRecord::streaming),
    HTTP_STATUS("http_status", Type.NUMBER, true, call -> (long) call.httpStatus()),
    /** One JSON field per {@link TokenKind}, named by the kind. */
    TOKENS(null, Type.TOKENS, false, CallRecord::tokens),
    FEATURE("feature", Type.TEXT, false, CallRecord::feature),
    CUSTOMER("customer", Type.TEXT, false, CallRecord::customer),
    TEAM("team", Type.TEXT, false, CallRecord::team),
    ENVIRONMENT("environment", Type.TEXT, false, CallRecord::environment),
    ATTRIBUTES("attributes", Type.ATTRIBUTES, false, CallRecord::attributes),
    SERVICE("service", Type.TEXT, false, CallRecord::service),
    SERVER_ADDRESS("server_address", Type.TEXT, false, CallRecord::serverAddress),
    USAGE_STATUS("usage_status", Type.USAGE_STATUS, true, CallRecord::usageStatus),
    USAGE_NOTE("usage_note", Type.TEXT, false, CallRecord::usageNote),
    SERVICE_TIER("service_tier", Type.TEXT, false, CallRecord::serviceTier);

    /** How a field's value is held in JSON. */
    public enum Type {
        /** A string, or null. */
        TEXT,
        /** A whole number. */
        NUMBER,
        BOOLEAN,
        /** The call's start: a number of milliseconds in the queue, an ISO-8601 string in the ledger. */
        TIME,
        /** {@link UsageStatus#wireName()}. */
        USAGE_STATUS,
        /** {@link TokenCounts}: a number or null under each kind's name. */
        TOKENS,
        /** An object of string values. */
        ATTRIBUTES
    }

    private final String queueName;
    private final String ledgerName;
    private final Type type;
    private final boolean required;
    private final Function<CallRecord, Object> value;

    CallField(String name, Type type, boolean required, Function<CallRecord, Object> value) {
        this(name, name, type, required, value);
    }

    CallField(String queueName, String ledgerName, Type type, boolean required, Function<CallRecord, Object> value) {
        this.queueName = queueName;
        this.ledgerName = ledgerName;
        this.type = type;
        this.required = required;
        this.value = value;
    }

    /**
     * The field's JSON name in {@code form}; {@code null} when the form does not carry it, and for
     * {@link #TOKENS}, whose names are its kinds'.
     */
    public String name(RecordForm form) {
        return form == RecordForm.QUEUE ? queueName : ledgerName;
    }

    /** Whether the form carries this field. */
    public boolean isIn(RecordForm form) {
        return this == TOKENS || name(form) != null;
    }

    public Type type() {
        return type;
    }

    /** Whether a record without it is refused: a call without it cannot be priced or told apart. */
    public boolean required() {
        return required;
    }

    /** This field of {@code call}. */
    public Object of(CallRecord call) {
        return value.apply(call);
    }

    /** The call whose fields are {@code values} (each as {@link #of} gives it; {@code null} when absent). */
    @SuppressWarnings("unchecked")
    public static CallRecord record(Function<CallField, Object> values) {
        return new CallRecord(
                (String) values.apply(EVENT_ID), (String) values.apply(AGENT_ID), (String) values.apply(SERVICE),
                (Long) values.apply(TIMESTAMP), (Long) values.apply(DURATION),
                (String) values.apply(PROVIDER), (String) values.apply(OPERATION),
                (String) values.apply(REQUEST_MODEL), (String) values.apply(RESPONSE_MODEL),
                Boolean.TRUE.equals(values.apply(STREAMING)), httpStatus((Long) values.apply(HTTP_STATUS)),
                (String) values.apply(SERVER_ADDRESS), (UsageStatus) values.apply(USAGE_STATUS),
                (String) values.apply(USAGE_NOTE), (TokenCounts) values.apply(TOKENS),
                (String) values.apply(FEATURE), (String) values.apply(CUSTOMER), (String) values.apply(TEAM),
                (Map<String, String>) values.apply(ATTRIBUTES), (String) values.apply(SERVICE_TIER),
                (String) values.apply(ENVIRONMENT));
    }

    /** An int, or -1 (not a status) for a number an int cannot hold, so that it is refused, not wrapped. */
    private static int httpStatus(long value) {
        return value >= 0 && value <= 999 ? (int) value : -1;
    }
}
