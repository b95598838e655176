package io.kdstream.core.tools;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kdstream.core.messaging.KafkaClientConfig;
import io.kdstream.core.messaging.KdTopics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Prints the records of kd-stream topics as JSON lines, decoding our Avro records.
 *
 * <p>A watching tool for people, not a service: it assigns itself every partition of the topics
 * instead of joining a consumer group, so it commits nothing and never changes the lag that
 * student-worker scaling reads. Each line is one record: topic, partition, offset, timestamp, key,
 * headers (dead letters carry their reason there) and the value rendered by {@link RecordJson}.
 *
 * <pre>
 * java -cp 'distill-core/target/classes:distill-core/target/lib/*' io.kdstream.core.tools.TopicDump \
 *     --bootstrap-server localhost:29092 --topic kd.comparisons --from-beginning
 * </pre>
 *
 * <p>Options: {@code --bootstrap-server HOST:PORT} (default {@code $KAFKA_BOOTSTRAP_SERVERS}, else
 * localhost:9092); {@code --topic NAME} (repeatable) or {@code --all} (every kd-stream topic of
 * {@code --prefix}, default {@code $KD_TOPICS_PREFIX} or "kd."); {@code --from-beginning} (else
 * only new records); {@code --max-records N}; {@code --idle-timeout-s S} (stop after S seconds
 * without a record; default: follow until interrupted); {@code --tensors} or {@code --base64} (see
 * {@link RecordJson.Bytes}).
 *
 * <p>TLS and SASL come from the same environment variables the services read ({@code
 * KAFKA_SECURITY_PROTOCOL}, {@code KAFKA_SASL_JAAS_CONFIG}, {@code KAFKA_SSL_TRUSTSTORE_LOCATION},
 * ..., see {@link KafkaClientConfig}).
 */
public final class TopicDump {

    private TopicDump() {}

    /** Parsed command line. */
    record Options(
            String bootstrap,
            List<String> topics,
            boolean fromBeginning,
            long maxRecords,
            long idleTimeoutSeconds,
            RecordJson.Bytes bytes) {

        static Options parse(String[] args) {
            String bootstrap = envOr("KAFKA_BOOTSTRAP_SERVERS", "localhost:9092");
            String prefix = envOr("KD_TOPICS_PREFIX", "kd.");
            List<String> topics = new ArrayList<>();
            boolean all = false;
            boolean fromBeginning = false;
            long max = Long.MAX_VALUE;
            long idle = 0;
            RecordJson.Bytes bytes = RecordJson.Bytes.SUMMARY;
            for (int i = 0; i < args.length; i++) {
                String arg = args[i];
                switch (arg) {
                    case "--bootstrap-server", "--bootstrap" -> bootstrap = value(args, ++i, arg);
                    case "--topic" -> topics.add(value(args, ++i, arg));
                    case "--prefix" -> prefix = value(args, ++i, arg);
                    case "--all" -> all = true;
                    case "--from-beginning" -> fromBeginning = true;
                    case "--max-records" -> max = Long.parseLong(value(args, ++i, arg));
                    case "--idle-timeout-s" -> idle = Long.parseLong(value(args, ++i, arg));
                    case "--tensors" -> bytes = RecordJson.Bytes.TENSORS;
                    case "--base64" -> bytes = RecordJson.Bytes.BASE64;
                    case "-h", "--help" -> throw new IllegalArgumentException("");
                    default -> throw new IllegalArgumentException("unknown option " + arg);
                }
            }
            if (all) {
                for (KdTopics.TopicSpec spec : KdTopics.all(prefix)) {
                    topics.add(spec.name());
                }
            }
            if (topics.isEmpty()) {
                throw new IllegalArgumentException("name a topic with --topic NAME, or use --all");
            }
            return new Options(bootstrap, List.copyOf(topics), fromBeginning, max, idle, bytes);
        }

        private static String value(String[] args, int i, String option) {
            if (i >= args.length) {
                throw new IllegalArgumentException(option + " needs a value");
            }
            return args[i];
        }

        private static String envOr(String name, String fallback) {
            String value = System.getenv(name);
            return value == null || value.isBlank() ? fallback : value;
        }
    }

    /**
     * Runs the tool.
     *
     * @param args the command line, see the class documentation
     */
    public static void main(String[] args) {
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            if (!e.getMessage().isEmpty()) {
                System.err.println("TopicDump: " + e.getMessage());
            }
            System.err.println(
                    "usage: TopicDump [--bootstrap-server HOST:PORT] (--topic NAME ... | --all [--prefix kd.])"
                            + " [--from-beginning] [--max-records N] [--idle-timeout-s S] [--tensors | --base64]");
            System.exit(2);
            return;
        }
        long printed =
                run(
                        options,
                        line -> {
                            System.out.println(line);
                            System.out.flush();
                        });
        System.err.println("TopicDump: " + printed + " records");
    }

    /**
     * Consumes and renders records until the options say to stop.
     *
     * @param options what to read
     * @param sink receives one JSON line per record
     * @return the number of records printed
     */
    static long run(Options options, java.util.function.Consumer<String> sink) {
        Properties props = consumerProperties(options, System.getenv());
        RecordJson json = new RecordJson(options.bytes());
        long printed = 0;
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(
                        props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : options.topics()) {
                List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(30));
                if (infos == null || infos.isEmpty()) {
                    System.err.println("TopicDump: topic " + topic + " does not exist (yet)");
                    continue;
                }
                infos.forEach(p -> partitions.add(new TopicPartition(p.topic(), p.partition())));
            }
            if (partitions.isEmpty()) {
                return 0;
            }
            consumer.assign(partitions);
            if (options.fromBeginning()) {
                consumer.seekToBeginning(partitions);
            } else {
                consumer.seekToEnd(partitions);
            }
            long idleSince = System.nanoTime();
            while (printed < options.maxRecords()) {
                var records = consumer.poll(Duration.ofMillis(500));
                if (records.isEmpty()) {
                    long idleSeconds = (System.nanoTime() - idleSince) / 1_000_000_000L;
                    if (options.idleTimeoutSeconds() > 0
                            && idleSeconds >= options.idleTimeoutSeconds()) {
                        break;
                    }
                    continue;
                }
                idleSince = System.nanoTime();
                for (ConsumerRecord<byte[], byte[]> record : records) {
                    sink.accept(line(record, json));
                    if (++printed >= options.maxRecords()) {
                        break;
                    }
                }
            }
        }
        return printed;
    }

    /**
     * The consumer's settings: the broker of the options, the security settings of the environment
     * as the services read them ({@code KAFKA_SECURITY_PROTOCOL} and so on, see {@link
     * KafkaClientConfig}), and the tool's own.
     *
     * @param options what to read
     * @param environment the environment variables
     * @return the settings
     */
    static Properties consumerProperties(Options options, Map<String, String> environment) {
        Properties props =
                KafkaClientConfig.of(
                                options.bootstrap(), KafkaClientConfig.environment(environment))
                        .properties();
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "kd-topic-dump");
        props.put(
                ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, String.valueOf(16 * 1024 * 1024));
        props.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, String.valueOf(64 * 1024 * 1024));
        return props;
    }

    /**
     * Renders one record as a JSON line.
     *
     * @param record the record
     * @param json the value renderer
     * @return the JSON line
     */
    static String line(ConsumerRecord<byte[], byte[]> record, RecordJson json) {
        ObjectNode line =
                JsonNodeFactory.instance
                        .objectNode()
                        .put("topic", record.topic())
                        .put("partition", record.partition())
                        .put("offset", record.offset())
                        .put("timestamp", Instant.ofEpochMilli(record.timestamp()).toString())
                        .put("key", record.key() == null ? null : utf8(record.key()));
        ObjectNode headers = line.putObject("headers");
        record.headers()
                .forEach(h -> headers.put(h.key(), h.value() == null ? null : utf8(h.value())));
        line.set("value", json.node(record.value()));
        return RecordJson.write(line);
    }

    private static String utf8(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
