package dev.llmcost.instrumentation.awssdk;

import dev.llmcost.agent.extension.InstrumentationModule;
import dev.llmcost.agent.extension.TypeInstrumentation;

import java.util.List;

/**
 * The AWS SDK for Java 2.x (Bedrock Runtime, sync and async). Every client gets one
 * {@code ExecutionInterceptor}, {@link LlmcostExecutionInterceptor}: the SDK's own hook, which sees each call
 * whatever HTTP transport carries it (Apache, URLConnection, Netty, CRT), with its decoded body.
 */
public final class AwsSdkInstrumentationModule implements InstrumentationModule {

    @Override
    public String name() {
        return "aws-sdk-2";
    }

    /**
     * {@code Context.ModifyHttpResponse} with {@code modifyAsyncHttpResponseContent} (the hook that sees an async
     * client's streamed body) has been in the SDK since 2.0.0; the builder method the module hooks too.
     */
    @Override
    public String landmarkClass() {
        return "software.amazon.awssdk.core.interceptor.Context$ModifyHttpResponse";
    }

    @Override
    public List<TypeInstrumentation> typeInstrumentations() {
        return List.of(new SdkClientBuilderInstrumentation());
    }
}
