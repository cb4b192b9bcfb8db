package dev.llmcost.contract;

import java.util.List;

/**
 * The provider the contract runs against: {@link ContractServer} (HTTP/1.1 over a plain socket) or
 * {@link H2ContractServer} (HTTP/2, h2c or over TLS). Each serves every case at {@code /<case>/v1/chat/completions}.
 */
interface ProviderStub extends AutoCloseable {

    String url(String scenario);

    /** A URL of the same server that is no LLM API's. */
    String otherUrl();

    /** When each event of the last paced stream was written (System.nanoTime), in order. */
    List<Long> eventsSentNanos();

    /** The request body the server received for {@code scenario} (the last one), or null. */
    byte[] received(String scenario);

    @Override
    void close() throws Exception;
}
