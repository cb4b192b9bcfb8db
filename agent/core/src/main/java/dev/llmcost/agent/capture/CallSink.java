package dev.llmcost.agent.capture;

/** Where finished captures go: the ring buffer. {@code offer} never blocks; {@code false} means dropped. */
public interface CallSink {

    /** A call has started: get ready to record it (the pipeline opens its queue, off the application's thread). */
    void callStarting();

    boolean offer(CapturedCall call);
}
