package io.kdstream.student.domain;

/**
 * A partition of the student-jobs topic, without Kafka's types.
 *
 * @param topic the topic
 * @param partition the partition
 */
public record PartitionRef(String topic, int partition) implements Comparable<PartitionRef> {

    @Override
    public int compareTo(PartitionRef other) {
        int byTopic = topic.compareTo(other.topic);
        return byTopic != 0 ? byTopic : Integer.compare(partition, other.partition);
    }

    @Override
    public String toString() {
        return topic + "-" + partition;
    }
}
