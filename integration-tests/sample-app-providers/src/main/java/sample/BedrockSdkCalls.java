package sample;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeAsyncClient;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeClient;
import software.amazon.awssdk.services.bedrockruntime.model.ContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ConversationRole;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseResponse;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamResponseHandler;
import software.amazon.awssdk.services.bedrockruntime.model.InvokeModelResponse;
import software.amazon.awssdk.services.bedrockruntime.model.InvokeModelWithResponseStreamResponseHandler;
import software.amazon.awssdk.services.bedrockruntime.model.Message;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Bedrock Runtime through the AWS SDK for Java 2.x as its developer guide shows it: the sync client (Apache HTTP
 * client, the SDK's default) and the async client (Netty), plain and streaming.
 */
public final class BedrockSdkCalls {

    private static final StaticCredentialsProvider CREDENTIALS = StaticCredentialsProvider.create(
            AwsBasicCredentials.create("AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"));

    private BedrockSdkCalls() {
    }

    public static void register(Map<String, SampleApp.Scenario> scenarios) {
        scenarios.put("bedrock-sdk-converse", base -> Attribution.as("bedrock-sdk-converse", "acme", "aws-team", () -> {
            try (BedrockRuntimeClient client = sync(base)) {
                ConverseResponse response = client.converse(request -> request
                        .modelId("us.anthropic.claude-sonnet-4-5-20250929-v1:0").messages(hello()));
                Results.print("bedrock-sdk-converse", 200,
                        response.stopReasonAsString().getBytes(StandardCharsets.UTF_8));
            }
        }));
        scenarios.put("bedrock-sdk-invoke", base -> Attribution.as("bedrock-sdk-invoke", "globex", "aws-team", () -> {
            try (BedrockRuntimeClient client = sync(base)) {
                InvokeModelResponse response = client.invokeModel(request -> request.modelId("cohere.command-r-v1:0")
                        .contentType("application/json").body(SdkBytes.fromUtf8String("{\"message\":\"Hello\"}")));
                Results.print("bedrock-sdk-invoke", 200, response.body().asByteArray());
            }
        }));
        scenarios.put("bedrock-sdk-invoke-async", base -> Attribution.as("bedrock-sdk-invoke-async", "initech",
                "aws-team", () -> {
                    try (BedrockRuntimeAsyncClient client = async(base)) {
                        InvokeModelResponse response = client.invokeModel(request -> request
                                .modelId("amazon.nova-micro-v1:0").contentType("application/json")
                                .body(SdkBytes.fromUtf8String("{\"messages\":[]}"))).join();
                        Results.print("bedrock-sdk-invoke-async", 200, response.body().asByteArray());
                    }
                }));
        scenarios.put("bedrock-sdk-converse-stream", base -> Attribution.as("bedrock-sdk-converse-stream", "acme",
                "aws-team", () -> {
                    AtomicInteger events = new AtomicInteger();
                    try (BedrockRuntimeAsyncClient client = async(base)) {
                        client.converseStream(request -> request.modelId("meta.llama3-2-1b-instruct-v1:0")
                                .messages(hello()), ConverseStreamResponseHandler.builder()
                                .subscriber(event -> events.incrementAndGet()).build()).join();
                    }
                    Results.print("bedrock-sdk-converse-stream", 200, Integer.toString(events.get()).getBytes());
                }));
        scenarios.put("bedrock-sdk-invoke-stream", base -> Attribution.as("bedrock-sdk-invoke-stream", "globex",
                "aws-team", () -> {
                    AtomicInteger events = new AtomicInteger();
                    try (BedrockRuntimeAsyncClient client = async(base)) {
                        client.invokeModelWithResponseStream(request -> request
                                        .modelId("anthropic.claude-3-5-sonnet-20240620-v1:0")
                                        .contentType("application/json")
                                        .body(SdkBytes.fromUtf8String("{\"anthropic_version\":\"bedrock-2023-05-31\"}")),
                                InvokeModelWithResponseStreamResponseHandler.builder()
                                        .subscriber(event -> events.incrementAndGet()).build()).join();
                    }
                    Results.print("bedrock-sdk-invoke-stream", 200, Integer.toString(events.get()).getBytes());
                }));
    }

    private static Message hello() {
        return Message.builder().role(ConversationRole.USER).content(ContentBlock.fromText("Hello")).build();
    }

    private static BedrockRuntimeClient sync(String base) {
        return BedrockRuntimeClient.builder().region(Region.US_EAST_1).credentialsProvider(CREDENTIALS)
                .endpointOverride(URI.create(base + "/aws-sync")).build();
    }

    private static BedrockRuntimeAsyncClient async(String base) {
        return BedrockRuntimeAsyncClient.builder().region(Region.US_EAST_1).credentialsProvider(CREDENTIALS)
                .endpointOverride(URI.create(base + "/aws-async")).build();
    }
}
