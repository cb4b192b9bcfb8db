package dev.llmcost.collector.kafka;

import dev.llmcost.collector.CollectorException;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * Where a fleet's records travel: the brokers ({@code --kafka HOST:PORT[,…]}), the topic of shipped queue records
 * ({@code --topic}, default {@value #DEFAULT_TOPIC}) and the topics llmcost keeps its own positions in, named after
 * it. {@code --kafka-config FILE} adds ordinary Kafka client properties (TLS, SASL…) to every client: they are read
 * from the file and never printed, since they may hold passwords.
 */
public final class KafkaConnection {

    public static final String DEFAULT_TOPIC = "llmcost.calls";

    private final String bootstrapServers;
    private final String topic;
    private final Path configFile;
    private final Properties fileProperties;

    private KafkaConnection(String bootstrapServers, String topic, Path configFile, Properties fileProperties) {
        this.bootstrapServers = bootstrapServers;
        this.topic = topic;
        this.configFile = configFile;
        this.fileProperties = fileProperties;
    }

    /** {@code configFile} may be null. */
    public static KafkaConnection of(String bootstrapServers, String topic, Path configFile)
            throws CollectorException {
        if (bootstrapServers == null || bootstrapServers.isBlank()) {
            throw new CollectorException("--kafka needs HOST:PORT[,HOST:PORT…] of the brokers");
        }
        if (topic == null || topic.isBlank() || !topic.matches("[A-Za-z0-9._-]{1,200}")) {
            throw new CollectorException("--topic must be a Kafka topic name (letters, digits, '.', '_', '-'), not "
                    + topic);
        }
        Properties properties = new Properties();
        if (configFile != null) {
            try (Reader reader = Files.newBufferedReader(configFile, StandardCharsets.UTF_8)) {
                properties.load(reader);
            } catch (IOException | IllegalArgumentException e) {
                throw new CollectorException("cannot read the Kafka client properties in " + configFile + ": "
                        + e.getMessage(), e);
            }
            for (String owned : new String[] {"bootstrap.servers", "transactional.id", "group.id",
                    "isolation.level", "enable.auto.commit", "enable.idempotence", "key.serializer",
                    "value.serializer", "key.deserializer", "value.deserializer"}) {
                if (properties.containsKey(owned)) {
                    throw new CollectorException(configFile + " sets " + owned + ", which llmcost sets itself "
                            + "(exactly-once depends on it); remove it from the file");
                }
            }
        }
        return new KafkaConnection(bootstrapServers.trim(), topic, configFile, properties);
    }

    /** The topic the shippers produce the queue records to, and the collectors read. */
    public String topic() {
        return topic;
    }

    /** Compacted: each shipper's queue position, written in the transaction that ships the records before it. */
    public String shipPositionsTopic() {
        return topic + ".ship-positions";
    }

    /** Compacted: each collector shard's consumed offsets, written in the transaction that commits them. */
    public String collectCommitsTopic() {
        return topic + ".collect-commits";
    }

    /** The properties every client gets: the brokers, the user's file, and a client id naming the component. */
    public Properties clientProperties(String clientId) {
        Properties properties = new Properties();
        properties.putAll(fileProperties);
        properties.put("bootstrap.servers", bootstrapServers);
        properties.put("client.id", clientId);
        return properties;
    }

    /** For messages: the brokers, the topic and the file's name, never its contents. */
    public String describe() {
        return bootstrapServers + " topic " + topic + (configFile == null ? "" : " (client properties from "
                + configFile + ")");
    }
}
