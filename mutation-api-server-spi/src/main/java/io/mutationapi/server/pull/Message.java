package io.mutationapi.server.pull;

import io.mutationapi.Record;
import io.mutationapi.server.spi.ChangeEvent;

/**
 * One event an HTTP consumer holds until it is acked or dropped: its delivery state. Mutable,
 * guarded by the owning {@link HttpConsumer}'s lock.
 */
final class Message {
  /** Where a message is. */
  enum State {
    /** An earlier version of its record is not finished yet. */
    BLOCKED,
    /** Visible: the next pull may hand it out. */
    READY,
    /** Handed out, waiting for an ack, a nack or its ack wait to pass. */
    IN_FLIGHT
  }

  final long seq;
  final ChangeEvent event;
  final Key key;
  final Batch batch;
  State state = State.BLOCKED;
  int deliveries;
  long deadlineNanos;

  Message(long seq, ChangeEvent event, Batch batch) {
    this.seq = seq;
    this.event = event;
    this.key = Key.of(event.record());
    this.batch = batch;
  }

  int partition() {
    return event.position().partition();
  }

  long offset() {
    return event.position().offset();
  }

  /** A record's identity: its versions are handed out one at a time, in order. */
  record Key(String syncId, String collectionId, String upstreamId) {
    static Key of(Record record) {
      return new Key(record.syncId(), record.collectionId(), record.upstreamId());
    }
  }
}
