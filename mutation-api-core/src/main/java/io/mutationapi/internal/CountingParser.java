package io.mutationapi.internal;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.util.JsonParserDelegate;
import io.mutationapi.ErrorCode;
import java.io.IOException;

/**
 * A parser that fails with {@code payload_too_large} once a body has more JSON values than the
 * request limit, so a body of many tiny values is refused while it is read, before its model can
 * fill the heap.
 */
final class CountingParser extends JsonParserDelegate {
  private final int maxValues;
  private int values;

  CountingParser(JsonParser parser, int maxValues) {
    super(parser);
    this.maxValues = maxValues;
  }

  @Override
  public JsonToken nextToken() throws IOException {
    JsonToken t = delegate.nextToken();
    if (t != null && (t.isScalarValue() || t.isStructStart()) && ++values > maxValues) {
      throw tooMany(maxValues, WirePaths.of(delegate));
    }
    return t;
  }

  /** The error for a body with more than {@code maxValues} values, found at {@code path}. */
  static WireException tooMany(int maxValues, String path) {
    return new WireException(
        ErrorCode.PAYLOAD_TOO_LARGE,
        path
            + ": the body has more than "
            + maxValues
            + " JSON values, the server's limit per request; send fewer or smaller records",
        null);
  }
}
