package dev.llmcost.collector.metrics;

import dev.llmcost.agent.queue.CallRecord;
import dev.llmcost.agent.schema.TokenKind;
import dev.llmcost.collector.price.PricedCall;

import java.util.Arrays;
import java.util.List;

/**
 * A batch's calls that OTLP tells apart: one label combination, one model asked for and one served, one operation.
 * Their counts are added up (one measurement per batch for the counters); their input and output tokens are kept
 * call by call, for the histogram.
 */
final class CallGroup {

    /** What tells one group from another. */
    record Key(List<String> values, String requestModel, String responseModel, String operation) {

        static Key of(List<String> values, CallRecord call) {
            return new Key(values, call.requestModel(), call.responseModel(), call.operation());
        }
    }

    final Key key;
    final SeriesTotals.Sum sum = new SeriesTotals.Sum();
    private long[] input = new long[4];
    private long[] output = new long[4];
    private int measured;

    CallGroup(Key key) {
        this.key = key;
    }

    void add(PricedCall priced) {
        sum.add(priced);
        if (priced.call().tokens() != null && !priced.errorResponse()) {
            if (measured == input.length) {
                input = Arrays.copyOf(input, measured * 2);
                output = Arrays.copyOf(output, measured * 2);
            }
            input[measured] = priced.call().tokens().orZero(TokenKind.INPUT);
            output[measured] = priced.call().tokens().orZero(TokenKind.OUTPUT);
            measured++;
        }
    }

    void add(CallGroup other) {
        sum.add(other.sum);
        for (int i = 0; i < other.measured; i++) {
            if (measured == input.length) {
                input = Arrays.copyOf(input, measured * 2);
                output = Arrays.copyOf(output, measured * 2);
            }
            input[measured] = other.input[i];
            output[measured] = other.output[i];
            measured++;
        }
    }

    /** Calls with reported usage: one input and one output measurement each. */
    int measured() {
        return measured;
    }

    long input(int call) {
        return input[call];
    }

    long output(int call) {
        return output[call];
    }
}
