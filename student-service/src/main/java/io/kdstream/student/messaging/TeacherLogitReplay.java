package io.kdstream.student.messaging;

import io.kdstream.core.codec.TeacherLogitBatchDeserializer;
import io.kdstream.core.data.Preprocessing;
import io.kdstream.core.data.TransferSelection;
import io.kdstream.core.job.TransferSet;
import io.kdstream.core.messaging.KafkaUnavailableException;
import io.kdstream.core.run.LogitBatch;
import io.kdstream.core.run.OffsetRange;
import io.kdstream.core.run.RunManifest;
import io.kdstream.core.run.TeacherLogitBatchMapper;
import io.kdstream.core.training.BatchIterator;
import io.kdstream.core.training.TrainingStoppedException;
import io.kdstream.student.metrics.StudentMetrics;
import io.kdstream.student.training.LogitReplay;
import io.kdstream.student.training.ReshufflingBatcher;
import io.kdstream.student.training.TransferRecords;
import io.quarkus.logging.Log;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Random;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/**
 * Replays one teacher run from the logits topic, once per epoch, as shuffled training batches.
 *
 * <p>A plain consumer without a group assigns itself the run's partitions and seeks to the
 * manifest's exact offset ranges. Each epoch cuts the ranges into segments of {@code
 * segmentRecords} records, reads the segments in an order shuffled with {@code Random(seed,
 * epoch)}, and hands the records to a {@link ReshufflingBatcher} that draws the images from a
 * buffer of about as many records' images. So every epoch visits the images in a different order
 * while memory stays bounded, and the same (seed, epoch) gives the same batches on any worker.
 *
 * <p>When the decoded run fits in {@code cacheBytes} (all 60,000 MNIST images take about 50 MiB),
 * each segment's records are kept after their first reading, and later epochs take them from
 * memory: the order of the segments and of the images still changes every epoch, and the broker and
 * the network are out of every epoch but the first.
 *
 * <p>Records keyed by another run are skipped (a range may hold them when two runs streamed at
 * once). A record of this run that does not decode, or whose shapes, lengths or labels do not fit,
 * goes to the dead-letter topic once per job with the reason, and the epoch goes on without it. The
 * stop flag is checked at every poll.
 *
 * <p>The job's transfer set ({@link TransferRecords}) applies after the cache, so the cache holds
 * the run as the teacher wrote it.
 */
final class TeacherLogitReplay implements LogitReplay {

    private static final Duration POLL = Duration.ofMillis(200);
    private static final long GOLDEN_GAMMA = 0x9e3779b97f4a7c15L;

    private final KafkaConsumer<String, byte[]> consumer;
    private final RunManifest run;
    private final String topic;
    private final int classes;
    private final int batchSize;
    private final long seed;
    private final int segmentRecords;
    private final boolean withLogits;
    private final TransferSelection selection;
    private final int passes;
    // the images the last complete epoch held, once one was read: a transfer set without a class
    // holds a number of images only the labels tell
    private volatile int countedSamples = -1;
    private final BooleanSupplier stopRequested;
    private final StudentPublisher publisher;
    private final Duration timeout;
    private final StudentMetrics metrics;
    private final TeacherLogitBatchDeserializer deserializer = new TeacherLogitBatchDeserializer();
    private final Set<String> deadLettered = new HashSet<>();
    // a segment's well-formed records of this run, once read; null when the run is too large
    private final Map<OffsetRange, List<LogitBatch>> cache;
    private long skipped;

    TeacherLogitReplay(
            KafkaConsumer<String, byte[]> consumer,
            RunManifest run,
            String topic,
            int classes,
            int batchSize,
            long seed,
            int segmentRecords,
            boolean withLogits,
            TransferSelection selection,
            BooleanSupplier stopRequested,
            StudentPublisher publisher,
            Duration timeout,
            long cacheBytes,
            StudentMetrics metrics) {
        this.metrics = metrics;
        this.consumer = consumer;
        this.run = run;
        this.topic = topic;
        this.classes = classes;
        this.batchSize = batchSize;
        this.seed = seed;
        this.segmentRecords = Math.max(1, segmentRecords);
        this.withLogits = withLogits;
        this.selection = selection;
        this.passes = TransferRecords.passes(selection, run.sampleCount(), withLogits);
        this.stopRequested = stopRequested;
        this.publisher = publisher;
        this.timeout = timeout;
        long runBytes = (long) run.sampleCount() * bytesPerImage(classes);
        this.cache = runBytes <= cacheBytes ? new HashMap<>() : null;
        if (cache == null) {
            Log.infof(
                    "Run %s takes about %d MiB decoded, more than the replay cache's %d MiB"
                            + " (kd.student.replay-cache-mb): every epoch reads it from Kafka",
                    run.runId(), runBytes >> 20, cacheBytes >> 20);
        }
    }

    /**
     * Heap bytes one decoded image takes with its label and logits.
     *
     * @param classes the logits per image
     * @return 28 x 28 pixels, an int label and the float logits
     */
    static long bytesPerImage(int classes) {
        return (long) Preprocessing.SRC_PIXELS + Integer.BYTES + (long) classes * Float.BYTES;
    }

    @Override
    public int stepsPerEpoch() {
        return Math.max(1, (samplesPerEpoch() + batchSize - 1) / batchSize);
    }

    /**
     * {@inheritDoc}
     *
     * <p>Exact for the whole run and for few labels; for a set without a class, an estimate (the
     * class taken as a tenth of the images) until an epoch was read.
     */
    @Override
    public int samplesPerEpoch() {
        TransferSet set = selection.set();
        if (set.full()) {
            return run.sampleCount();
        }
        if (countedSamples >= 0) {
            return countedSamples;
        }
        int samples = run.sampleCount();
        if (set.omittedClass() != null) {
            samples = Math.min(samples, TransferSet.HELD_OUT_FROM) * 9 / 10;
        }
        if (!withLogits && set.partialLabels()) {
            samples = (int) Math.min(samples, (long) selection.labelledCount() * passes);
        }
        return samples;
    }

    @Override
    public synchronized int deadLettered() {
        return deadLettered.size();
    }

    @Override
    public BatchIterator batches(int epoch) {
        Random random = new Random(seed * GOLDEN_GAMMA + epoch);
        List<OffsetRange> segments = new ArrayList<>();
        for (OffsetRange range : run.offsets()) {
            for (long start = range.start(); start < range.end(); start += segmentRecords) {
                segments.add(
                        new OffsetRange(
                                range.partition(),
                                start,
                                Math.min(range.end(), start + segmentRecords)));
            }
        }
        Collections.shuffle(segments, random);
        int bufferImages = segmentRecords * Math.max(1, run.batchSize());
        Iterator<LogitBatch> records =
                TransferRecords.of(
                        new SegmentReader(segments), selection, passes, withLogits, random);
        return BatchIterator.of(
                new ReshufflingBatcher(
                        new Counted(records), batchSize, bufferImages, random, withLogits));
    }

    @Override
    public void close() {
        if (skipped > 0) {
            Log.infof(
                    "Replay of run %s skipped %d records of other runs inside its offset ranges",
                    run.runId(), skipped);
        }
        consumer.close();
        deserializer.close();
    }

    /** Counts the images of an epoch read to its end, for {@link #samplesPerEpoch()}. */
    private final class Counted implements Iterator<LogitBatch> {

        private final Iterator<LogitBatch> records;
        private int samples;

        Counted(Iterator<LogitBatch> records) {
            this.records = records;
        }

        @Override
        public boolean hasNext() {
            boolean more = records.hasNext();
            if (!more && samples > 0) {
                countedSamples = samples;
            }
            return more;
        }

        @Override
        public LogitBatch next() {
            LogitBatch record = records.next();
            samples += record.size();
            return record;
        }
    }

    /** Reads the segments in the given order, yielding the run's well-formed records. */
    private final class SegmentReader implements Iterator<LogitBatch> {

        private final Deque<OffsetRange> todo;
        private final Deque<LogitBatch> ready = new ArrayDeque<>();
        private List<LogitBatch> reading;
        private OffsetRange current;
        private TopicPartition partition;
        private long deadline;

        SegmentReader(List<OffsetRange> segments) {
            this.todo = new ArrayDeque<>(segments);
        }

        @Override
        public boolean hasNext() {
            while (ready.isEmpty()) {
                if (current == null) {
                    if (todo.isEmpty()) {
                        return false;
                    }
                    start(todo.poll());
                    // a segment from the cache is ready at once
                    continue;
                }
                readSome();
            }
            return true;
        }

        @Override
        public LogitBatch next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            return ready.poll();
        }

        private void start(OffsetRange segment) {
            List<LogitBatch> cached = cache == null ? null : cache.get(segment);
            if (cached != null) {
                ready.addAll(cached);
                metrics.replayed("cache", cached.size());
                return;
            }
            reading = new ArrayList<>();
            current = segment;
            partition = new TopicPartition(topic, segment.partition());
            consumer.assign(List.of(partition));
            consumer.seek(partition, segment.start());
            deadline = System.nanoTime() + timeout.toNanos();
        }

        private void readSome() {
            if (stopRequested.getAsBoolean()) {
                throw new TrainingStoppedException("stop requested");
            }
            if (System.nanoTime() > deadline) {
                throw new KafkaUnavailableException(
                        "could not read offsets ["
                                + current.start()
                                + ", "
                                + current.end()
                                + ") of "
                                + partition
                                + " within "
                                + timeout
                                + " (teacher run "
                                + run.runId()
                                + ")");
            }
            for (ConsumerRecord<String, byte[]> record : consumer.poll(POLL)) {
                // a fetch may run past the segment: those records come with their own segment
                if (record.offset() < current.end()) {
                    accept(record);
                }
            }
            if (consumer.position(partition) >= current.end()) {
                if (cache != null) {
                    cache.put(current, List.copyOf(reading));
                }
                current = null;
            }
        }

        private void accept(ConsumerRecord<String, byte[]> record) {
            if (!run.runId().equals(record.key())) {
                skipped++;
                return;
            }
            try {
                if (record.value() == null) {
                    throw new IllegalArgumentException("the record has no value");
                }
                LogitBatch batch =
                        TeacherLogitBatchMapper.fromAvro(
                                deserializer.deserialize(record.topic(), record.value()),
                                run.runId(),
                                classes);
                ready.add(batch);
                reading.add(batch);
                metrics.replayed("kafka", 1);
            } catch (RuntimeException e) {
                deadLetter(record, e);
            }
        }
    }

    private void deadLetter(ConsumerRecord<String, byte[]> record, RuntimeException e) {
        synchronized (this) {
            if (!deadLettered.add(record.partition() + "@" + record.offset())) {
                // sent in an earlier epoch of this job
                return;
            }
        }
        String reason =
                "malformed teacher logit record of run " + run.runId() + ": " + e.getMessage();
        Log.warnf(
                "%s-%d@%d: %s; sent to the dead-letter topic, training goes on",
                record.topic(), record.partition(), record.offset(), reason);
        publisher.deadLetter(record, reason, e, StudentMetrics.LOGITS_SOURCE);
    }
}
