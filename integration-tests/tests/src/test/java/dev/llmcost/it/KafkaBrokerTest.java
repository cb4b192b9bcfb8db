package dev.llmcost.it;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The test broker itself: a transaction committed before a SIGKILL is there after a restart on the same data
 * directory and port, and one left open is not (what every Kafka test here relies on).
 */
class KafkaBrokerTest {

    @Test
    void committedTransactionsSurviveAKillAndRestart(@TempDir Path dir) throws Exception {
        try (KafkaBroker broker = new KafkaBroker(dir)) {
            long startNanos = System.nanoTime();
            broker.start();
            System.out.printf("broker formatted and started in %d ms%n", (System.nanoTime() - startNanos) / 1_000_000);
            try (Admin admin = Admin.create(broker.clientProperties())) {
                admin.createTopics(List.of(new NewTopic("t", 1, (short) 1))).all().get();
            }
            String bootstrap = broker.bootstrap();
            KafkaProducer<String, String> producer = producer(broker, "harness");
            producer.initTransactions();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>("t", "k", "committed"));
            producer.commitTransaction();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>("t", "k", "open")).get();
            broker.kill(); // the second transaction never commits
            producer.close(Duration.ZERO); // it would wait for the dead broker
            long restartNanos = System.nanoTime();
            broker.start();
            System.out.printf("broker restarted in %d ms%n", (System.nanoTime() - restartNanos) / 1_000_000);
            assertEquals(bootstrap, broker.bootstrap(), "same port after a restart");
            try (KafkaProducer<String, String> fencing = producer(broker, "harness")) {
                fencing.initTransactions(); // aborts the open transaction of the same transactional.id
            }
            assertEquals(List.of("committed"), readCommitted(broker, "t"));
            broker.restart(); // SIGTERM and start again
            assertEquals(List.of("committed"), readCommitted(broker, "t"));
        }
    }

    private static KafkaProducer<String, String> producer(KafkaBroker broker, String transactionalId) {
        Properties properties = broker.clientProperties();
        properties.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
        properties.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "30000");
        return new KafkaProducer<>(properties, new StringSerializer(), new StringSerializer());
    }

    private static List<String> readCommitted(KafkaBroker broker, String topic) {
        Properties properties = broker.clientProperties();
        properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(properties, new StringDeserializer(),
                new StringDeserializer())) {
            TopicPartition partition = new TopicPartition(topic, 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long end = consumer.endOffsets(List.of(partition)).get(partition);
            while (consumer.position(partition) < end) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    values.add(record.value());
                }
            }
        }
        return values;
    }
}
