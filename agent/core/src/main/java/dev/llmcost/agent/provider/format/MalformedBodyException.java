package dev.llmcost.agent.provider.format;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.io.JsonEOFException;

import java.io.IOException;

/** A body that is not what its format promises. The message says where, never what the body contains. */
public class MalformedBodyException extends Exception {

    private static final long serialVersionUID = 1L;

    public MalformedBodyException(String message) {
        super(message, null, false, false);
    }

    MalformedBodyException(IOException cause) {
        this(describe(cause));
    }

    private static String describe(IOException cause) {
        if (cause instanceof JsonEOFException) {
            return "the body ends before its JSON does";
        }
        if (cause instanceof JsonProcessingException json && json.getLocation() != null) {
            return "malformed JSON at line " + json.getLocation().getLineNr()
                    + ", column " + json.getLocation().getColumnNr();
        }
        return "unreadable JSON (" + cause.getClass().getSimpleName() + ")";
    }
}
