package dev.llmcost.instrumentation.apachehttpclient5;

import org.apache.hc.core5.http.EntityDetails;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpException;
import org.apache.hc.core5.http.HttpRequest;
import org.apache.hc.core5.http.nio.AsyncRequestProducer;
import org.apache.hc.core5.http.nio.DataStreamChannel;
import org.apache.hc.core5.http.nio.RequestChannel;
import org.apache.hc.core5.http.protocol.HttpContext;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * The application's request producer, observed: its request head is shown to the {@link AsyncObservation} on its
 * way to the client, and the body bytes the channel accepts are copied (up to the exchange's limit) after the
 * write, from a duplicate, so what is sent and the producer's buffers are unchanged.
 */
final class ObservingProducer implements AsyncRequestProducer {

    private final AsyncRequestProducer producer;
    private final AsyncObservation observation;

    ObservingProducer(AsyncRequestProducer producer, AsyncObservation observation) {
        this.producer = producer;
        this.observation = observation;
    }

    @Override
    public void sendRequest(RequestChannel channel, HttpContext context) throws HttpException, IOException {
        producer.sendRequest(new ObservingRequestChannel(channel, observation), context);
    }

    @Override
    public boolean isRepeatable() {
        return producer.isRepeatable();
    }

    @Override
    public void failed(Exception cause) {
        try {
            observation.end(cause);
        } finally {
            producer.failed(cause);
        }
    }

    @Override
    public int available() {
        return producer.available();
    }

    @Override
    public void produce(DataStreamChannel channel) throws IOException {
        producer.produce(observation.exchange() == null ? channel : new ObservingDataChannel(channel, observation));
    }

    @Override
    public void releaseResources() {
        producer.releaseResources();
    }

    @Override
    public String toString() {
        return producer.toString();
    }

    private static final class ObservingRequestChannel implements RequestChannel {
        private final RequestChannel channel;
        private final AsyncObservation observation;

        ObservingRequestChannel(RequestChannel channel, AsyncObservation observation) {
            this.channel = channel;
            this.observation = observation;
        }

        @Override
        public void sendRequest(HttpRequest request, EntityDetails entity, HttpContext context)
                throws HttpException, IOException {
            try {
                if (request != null) {
                    observation.request(request);
                    if (entity == null) {
                        observation.requestEnd();
                    }
                }
            } catch (Throwable ignored) {
                // not observed; the request goes on as it is
            }
            channel.sendRequest(request, entity, context);
        }
    }

    private static final class ObservingDataChannel implements DataStreamChannel {
        private final DataStreamChannel channel;
        private final AsyncObservation observation;

        ObservingDataChannel(DataStreamChannel channel, AsyncObservation observation) {
            this.channel = channel;
            this.observation = observation;
        }

        @Override
        public void requestOutput() {
            channel.requestOutput();
        }

        @Override
        public int write(ByteBuffer src) throws IOException {
            ByteBuffer view = src.duplicate();
            int written = channel.write(src);
            if (written > 0) {
                view.limit(view.position() + written);
                observation.requestBytes(view);
            }
            return written;
        }

        @Override
        public void endStream(List<? extends Header> trailers) throws IOException {
            observation.requestEnd();
            channel.endStream(trailers);
        }

        @Override
        public void endStream() throws IOException {
            observation.requestEnd();
            channel.endStream();
        }
    }
}
