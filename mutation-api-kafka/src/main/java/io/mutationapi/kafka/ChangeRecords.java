package io.mutationapi.kafka;

import io.mutationapi.MutationResult;
import io.mutationapi.Record;
import io.mutationapi.WireJson;
import java.util.List;

/**
 * A changed record as a Kafka message: the key is {@code sync/collection/upstream_id}, so that
 * every version of a record lands in one partition, in order; the value is the wire's own body
 * {@code {"records": [record]}}, so nothing of the record is lost or reformatted on the way.
 */
final class ChangeRecords {
  private ChangeRecords() {}

  static String key(Record record) {
    return record.syncId() + "/" + record.collectionId() + "/" + record.upstreamId();
  }

  static byte[] value(Record record) {
    return WireJson.writeResult(new MutationResult(List.of(record)));
  }

  /**
   * Reads a value written by {@link #value}.
   *
   * @throws io.mutationapi.MutationApiException if it is not such a value
   * @throws IllegalArgumentException if it holds other than one record
   */
  static Record read(byte[] value) {
    List<Record> records = WireJson.readResult(value).records();
    if (records.size() != 1) {
      throw new IllegalArgumentException("expected one record, got " + records.size());
    }
    return records.get(0);
  }
}
