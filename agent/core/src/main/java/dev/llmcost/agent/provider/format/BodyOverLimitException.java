package dev.llmcost.agent.provider.format;

/**
 * A one-document body longer than the capture limit whose usage could not be found in the tail the agent kept:
 * the call happened and was not measured ({@code not_captured}), which is not the same as a malformed body.
 */
public final class BodyOverLimitException extends MalformedBodyException {

    private static final long serialVersionUID = 1L;

    BodyOverLimitException(String message) {
        super(message);
    }
}
