package io.chat.bench;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.chat.contracts.Topics;
import io.chat.contracts.events.ChatEvents;

/**
 * A real consumer of chat-events from its current end: remembers every {@code message.created} as
 * "room:seq", so that a run can check that each post answered 201 reached Kafka, and measures for the
 * posts it is told about how long after their 201 (and after their {@code occurredAt}) the event was read.
 */
final class EventCounter implements AutoCloseable {

    private static final Duration POLL = Duration.ofMillis(20);

    private final ObjectMapper mapper = new ObjectMapper();
    private final KafkaConsumer<String, String> consumer;
    private final Set<String> seen = ConcurrentHashMap.newKeySet();
    private final AtomicLong repeats = new AtomicLong();
    /** Per "room:seq", whichever came first: the 201's arrival (Long, nanos) or the event's {@link Read}. */
    private final Map<String, Object> unmatched = new ConcurrentHashMap<>();
    private final Stats afterAnswer = new Stats();
    private final Stats afterOccurred = new Stats();
    private final boolean timed;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Thread thread;

    /** An event read before its post's 201 was seen. */
    private record Read(long nanos, long microsSinceOccurred) {
    }

    /** @param timed whether to measure read times of the posts passed to {@link #answered} */
    EventCounter(String bootstrapServers, boolean timed) {
        this.timed = timed;
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "bench-write-path-" + UUID.randomUUID());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        consumer = new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer());
        List<TopicPartition> partitions = consumer.partitionsFor(Topics.CHAT_EVENTS).stream()
                .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position);
        thread = new Thread(this::poll, "bench-event-counter");
        thread.start();
    }

    private void poll() {
        while (running.get()) {
            for (ConsumerRecord<String, String> record : consumer.poll(POLL)) {
                long nanos = System.nanoTime();
                Instant now = Instant.now();
                JsonNode event;
                try {
                    event = mapper.readTree(record.value());
                } catch (IOException e) {
                    throw new IllegalStateException("Not an event on " + Topics.CHAT_EVENTS + ": " + record.value(), e);
                }
                if (!ChatEvents.MESSAGE_CREATED.name().equals(event.path("type").asText())) {
                    continue;
                }
                JsonNode data = event.path("data");
                String key = key(data.path("roomId").asText(), data.path("seq").asLong());
                if (!seen.add(key)) {
                    repeats.incrementAndGet();
                    continue;
                }
                if (timed) {
                    long sinceOccurred = ChronoUnit.MICROS.between(Instant.parse(event.path("occurredAt").asText()), now);
                    match(key, new Read(nanos, sinceOccurred));
                }
            }
        }
        consumer.close();
    }

    /** A post answered 201 at {@code nanos}: its event's read time is measured from then. */
    void answered(String roomId, long seq, long nanos) {
        match(key(roomId, seq), nanos);
    }

    private void match(String key, Object arrival) {
        unmatched.compute(key, (k, first) -> {
            if (first == null) {
                return arrival;
            }
            Read read = (Read) (first instanceof Read ? first : arrival);
            long answered = (Long) (first instanceof Long ? first : arrival);
            afterAnswer.add((read.nanos() - answered) / 1000);
            afterOccurred.add(read.microsSinceOccurred());
            return null;
        });
    }

    /** 201 arrival → event read; negative when the consumer was quicker than the HTTP client. */
    Stats afterAnswer() {
        return afterAnswer;
    }

    /** The event's {@code occurredAt} (set in the posting transaction, before its commit) → event read. */
    Stats afterOccurred() {
        return afterOccurred;
    }

    /**
     * Waits until every seq in {@code (from, to]} of each room was read, or the timeout passed.
     *
     * @return how many of them were not read
     */
    long awaitMissing(Map<String, long[]> seqRanges, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        long missing;
        while ((missing = missing(seqRanges)) > 0 && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        return missing;
    }

    private long missing(Map<String, long[]> seqRanges) {
        long missing = 0;
        for (Map.Entry<String, long[]> room : seqRanges.entrySet()) {
            for (long seq = room.getValue()[0] + 1; seq <= room.getValue()[1]; seq++) {
                if (!seen.contains(key(room.getKey(), seq))) {
                    missing++;
                }
            }
        }
        return missing;
    }

    /** Events read more than once (the outbox delivers at least once). */
    long repeats() {
        return repeats.get();
    }

    private static String key(String roomId, long seq) {
        return roomId + ':' + seq;
    }

    @Override
    public void close() throws InterruptedException {
        running.set(false);
        thread.join();
    }
}
