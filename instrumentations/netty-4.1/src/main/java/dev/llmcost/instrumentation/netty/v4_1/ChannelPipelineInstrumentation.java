package dev.llmcost.instrumentation.netty.v4_1;

import dev.llmcost.agent.extension.AdviceBinder;
import dev.llmcost.agent.extension.TypeInstrumentation;
import dev.llmcost.bridge.LlmcostBridge;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelPipeline;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

import java.util.function.BiConsumer;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.namedOneOf;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

/**
 * {@code DefaultChannelPipeline.addFirst/addLast/addBefore/addAfter}: every other overload ends in one of these
 * four (the forms that take an executor group). When the handler added is an {@code HttpClientCodec} (HTTP/1.x)
 * or an {@code Http2StreamFrameToHttpObjectCodec} (one HTTP/2 stream), {@link ClientPipelines} puts llmcost's handler
 * right after it. The check is a class-name comparison: pipelines
 * are built per connection, servers' included, and this is all they pay.
 */
final class ChannelPipelineInstrumentation implements TypeInstrumentation {

    @Override
    public ElementMatcher<TypeDescription> typeMatcher() {
        return named("io.netty.channel.DefaultChannelPipeline");
    }

    @Override
    public void transform(AdviceBinder advice) {
        advice.applyAdvice(namedOneOf("addFirst", "addLast").and(takesArguments(3))
                        .and(takesArgument(0, named("io.netty.util.concurrent.EventExecutorGroup"))),
                getClass().getName() + "$AddAdvice");
        advice.applyAdvice(namedOneOf("addBefore", "addAfter").and(takesArguments(4))
                        .and(takesArgument(0, named("io.netty.util.concurrent.EventExecutorGroup"))),
                getClass().getName() + "$AddRelativeAdvice");
    }

    static final String CLIENT_CODEC = "io.netty.handler.codec.http.HttpClientCodec";
    /** On each HTTP/2 stream's child channel: the stream's frames as HTTP objects (servers' streams too). */
    static final String STREAM_CODEC = "io.netty.handler.codec.http2.Http2StreamFrameToHttpObjectCodec";

    /*
     * Two advice classes that differ only in which argument is the handler: Byte Buddy binds argument indexes
     * statically, and advice is inlined into Netty's class, so it cannot share a method of this module's.
     */
    @SuppressWarnings({"unchecked", "unused"})
    static final class AddAdvice {
        private AddAdvice() {
        }

        @Advice.OnMethodExit(suppress = Throwable.class)
        static void added(@Advice.This ChannelPipeline pipeline, @Advice.Argument(2) ChannelHandler handler) {
            String type = handler == null ? null : handler.getClass().getName();
            if (CLIENT_CODEC.equals(type) || STREAM_CODEC.equals(type)) {
                Object helper = LlmcostBridge.helper(handler.getClass(),
                        "dev.llmcost.instrumentation.netty.v4_1.ClientPipelines");
                if (helper != null) {
                    ((BiConsumer<Object, Object>) helper).accept(pipeline, handler);
                }
            }
        }
    }

    @SuppressWarnings({"unchecked", "unused"})
    static final class AddRelativeAdvice {
        private AddRelativeAdvice() {
        }

        @Advice.OnMethodExit(suppress = Throwable.class)
        static void added(@Advice.This ChannelPipeline pipeline, @Advice.Argument(3) ChannelHandler handler) {
            String type = handler == null ? null : handler.getClass().getName();
            if (CLIENT_CODEC.equals(type) || STREAM_CODEC.equals(type)) {
                Object helper = LlmcostBridge.helper(handler.getClass(),
                        "dev.llmcost.instrumentation.netty.v4_1.ClientPipelines");
                if (helper != null) {
                    ((BiConsumer<Object, Object>) helper).accept(pipeline, handler);
                }
            }
        }
    }
}
