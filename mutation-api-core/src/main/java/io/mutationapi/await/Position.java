package io.mutationapi.await;

/**
 * A place in a partitioned stream: the event at {@code offset} of {@code partition}.
 *
 * <p>Offsets count from 0 within each partition. Positions order by partition, then by offset, so
 * only positions of the same partition compare as earlier or later in the stream. Instances are
 * immutable.
 *
 * @param partition the partition, from 0
 * @param offset the offset within the partition, from 0
 */
public record Position(int partition, long offset) implements Comparable<Position> {

  /**
   * Validates.
   *
   * @throws IllegalArgumentException if {@code partition} or {@code offset} is negative
   */
  public Position {
    if (partition < 0) {
      throw new IllegalArgumentException("partition must not be negative: " + partition);
    }
    if (offset < 0) {
      throw new IllegalArgumentException("offset must not be negative: " + offset);
    }
  }

  /** Orders by partition, then by offset. */
  @Override
  public int compareTo(Position other) {
    int byPartition = Integer.compare(partition, other.partition);
    return byPartition != 0 ? byPartition : Long.compare(offset, other.offset);
  }
}
