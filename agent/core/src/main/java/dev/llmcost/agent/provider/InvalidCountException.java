package dev.llmcost.agent.provider;

/**
 * A token count the provider sent that is not a count: negative, fractional, not a number, null where the API
 * requires a number, above the bound, or parts that add up to more than their total. The call's usage is then
 * {@code malformed}: its counts are never clamped, truncated or replaced by a number the provider did not send.
 * The message names the field and what is wrong with it, never the body around it.
 */
public final class InvalidCountException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public InvalidCountException(String message) {
        super(message, null, false, false);
    }
}
