package io.mutationapi.internal;

import static io.mutationapi.WireFields.AWAIT_CONSUMERS_TIMEOUT;
import static io.mutationapi.WireFields.AWAIT_CONSUMER_IDS;
import static io.mutationapi.WireFields.COLLECTION_ID;
import static io.mutationapi.WireFields.DATA;
import static io.mutationapi.WireFields.KIND;
import static io.mutationapi.WireFields.RECORDS;
import static io.mutationapi.WireFields.SYNC_ID;
import static io.mutationapi.WireFields.UPSTREAM_ID;
import static io.mutationapi.WireFields.UPSTREAM_IDS;

import com.fasterxml.jackson.core.JsonGenerator;
import io.mutationapi.AwaitConsumers;
import io.mutationapi.MutationRequest;
import io.mutationapi.PartialRecord;
import java.io.IOException;
import java.util.List;

/** Writes a request body, as a client sends it. */
final class RequestWriter {
  private RequestWriter() {}

  /** Writes a request as the wire contract says: {@code records}, snake_case, timeout in ms. */
  static void write(JsonGenerator g, MutationRequest request) throws IOException {
    g.writeStartObject();
    g.writeStringField(KIND, request.kind().wireName());
    g.writeStringField(SYNC_ID, request.syncId());
    g.writeStringField(COLLECTION_ID, request.collectionId());
    if (request instanceof MutationRequest.Delete) {
      g.writeArrayFieldStart(UPSTREAM_IDS);
      for (String id : ((MutationRequest.Delete) request).upstreamIds()) {
        g.writeString(id);
      }
      g.writeEndArray();
    } else {
      List<PartialRecord> records =
          request instanceof MutationRequest.Create
              ? ((MutationRequest.Create) request).records()
              : ((MutationRequest.Update) request).records();
      g.writeArrayFieldStart(RECORDS);
      for (PartialRecord record : records) {
        g.writeStartObject();
        if (record.upstreamId().isPresent()) {
          g.writeStringField(UPSTREAM_ID, record.upstreamId().get());
        }
        g.writeFieldName(DATA);
        JsonModel.write(g, record.data());
        g.writeEndObject();
      }
      g.writeEndArray();
    }
    if (request.awaitConsumers().isPresent()) {
      AwaitConsumers await = request.awaitConsumers().get();
      g.writeArrayFieldStart(AWAIT_CONSUMER_IDS);
      for (String id : await.consumerIds()) {
        g.writeString(id);
      }
      g.writeEndArray();
      g.writeNumberField(AWAIT_CONSUMERS_TIMEOUT, await.timeout().toMillis());
    }
    g.writeEndObject();
  }
}
