package dev.llmcost.collector.ship;

import dev.llmcost.collector.kafka.KafkaConnection;
import dev.llmcost.collector.kafka.PositionsTopic;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.ProducerRecord;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.ExecutionException;
import java.util.function.BooleanSupplier;

/**
 * The shippers' positions topic: a compacted topic keyed by shipper id, each value a {@link ShipPosition} written in
 * the transaction that ships the records up to it. Read back only after {@code initTransactions()}, which has
 * finished (committed or aborted) whatever transaction this shipper's previous incarnation left open, so the last
 * committed value for the shipper's key is exactly where the shipped records end.
 */
final class PositionStore {

    private final KafkaConnection connection;
    private final String shipperId;
    private final byte[] key;

    PositionStore(KafkaConnection connection, String shipperId) {
        this.connection = connection;
        this.shipperId = shipperId;
        this.key = shipperId.getBytes(StandardCharsets.UTF_8);
    }

    ProducerRecord<byte[], byte[]> record(ShipPosition position, String queueDirectory) {
        return new ProducerRecord<>(connection.shipPositionsTopic(), key, position.toJson(queueDirectory));
    }

    /** The shipper's last committed position (see {@link PositionsTopic} for why it is read as it is). */
    ShipPosition read(Admin admin, BooleanSupplier stopRequested)
            throws ExecutionException, InterruptedException {
        ShipPosition[] position = {ShipPosition.START};
        PositionsTopic.readAll(connection, admin, connection.shipPositionsTopic(),
                "llmcost-ship-" + shipperId + "-positions", stopRequested, (recordKey, value) -> {
                    if (recordKey != null && Arrays.equals(recordKey, key) && value != null) {
                        position[0] = ShipPosition.fromJson(value);
                    }
                });
        return position[0];
    }
}
