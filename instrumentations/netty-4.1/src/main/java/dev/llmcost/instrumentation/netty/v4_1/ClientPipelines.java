package dev.llmcost.instrumentation.netty.v4_1;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;

import java.util.function.BiConsumer;

/**
 * Puts one {@link LlmHttpClientHandler} right after an {@code HttpClientCodec} just added to a pipeline: there it
 * sees requests as the client writes them (before they are encoded) and responses as they leave the codec (before
 * any aggregator, and before the application's handlers release them). A codec added again (a client that
 * rebuilds its pipeline) moves the handler rather than adding a second one.
 */
public final class ClientPipelines implements BiConsumer<Object, Object> {

    static final String HANDLER_NAME = "llmcost.httpClient";

    @Override
    public void accept(Object pipelineObject, Object codec) {
        try {
            ChannelPipeline pipeline = (ChannelPipeline) pipelineObject;
            ChannelHandlerContext codecContext = pipeline.context((ChannelHandler) codec);
            if (codecContext == null) {
                return;
            }
            if (pipeline.get(HANDLER_NAME) != null) {
                pipeline.remove(HANDLER_NAME);
            }
            pipeline.addAfter(codecContext.name(), HANDLER_NAME, new LlmHttpClientHandler());
        } catch (Throwable unexpected) {
            // the pipeline stays as the client built it; its calls go unrecorded
        }
    }
}
