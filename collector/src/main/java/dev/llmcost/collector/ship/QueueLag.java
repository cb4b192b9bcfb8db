package dev.llmcost.collector.ship;

import dev.llmcost.collector.read.QueueReader;

/**
 * How far the topic is behind the queue: the records the queue holds after the shipper's position, and the time
 * between the newest of them and the last one shipped (the records' own timestamps, as the agents wrote them).
 */
public record QueueLag(long records, double seconds) {

    static QueueLag of(QueueReader reader, long position, long lastShippedTimestampMillis) {
        long behind = reader.countAfter(position);
        if (behind <= 0) {
            return new QueueLag(0, 0);
        }
        QueueReader.Document newest = reader.newest();
        long newestMillis = newest == null ? RecordFields.NO_TIMESTAMP
                : RecordFields.of(newest.bytes()).timestampMillis();
        long fromMillis = lastShippedTimestampMillis;
        if (fromMillis == RecordFields.NO_TIMESTAMP) {
            // After a restart, or nothing shipped yet: the record at the position, or the queue's first one.
            QueueReader.Document last = position >= 0 ? reader.at(position) : null;
            if (last == null) {
                last = reader.at(reader.firstIndex());
            }
            fromMillis = last == null ? RecordFields.NO_TIMESTAMP : RecordFields.of(last.bytes()).timestampMillis();
        }
        if (newestMillis == RecordFields.NO_TIMESTAMP || fromMillis == RecordFields.NO_TIMESTAMP) {
            return new QueueLag(behind, 0);
        }
        return new QueueLag(behind, Math.max(0, newestMillis - fromMillis) / 1000.0);
    }

    String describe() {
        return records + " record" + (records == 1 ? "" : "s") + String.format(java.util.Locale.ROOT, ", %.1f s",
                seconds) + " behind the queue's newest record";
    }
}
