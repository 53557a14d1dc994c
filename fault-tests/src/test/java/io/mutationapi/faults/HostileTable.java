package io.mutationapi.faults;

import io.mutationapi.internal.HostileRequestTest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.provider.Arguments;

/** The codec's hostile request table (core's {@code HostileRequestTest}), as raw bodies. */
public final class HostileTable {
  private HostileTable() {}

  /** Every body of the table: the malformed ones and the huge echoes. */
  public static List<byte[]> bodies() {
    List<byte[]> bodies = new ArrayList<>();
    HostileRequestTest.hostileBodies().map(HostileTable::body).forEach(bodies::add);
    HostileRequestTest.hugeEchoes().map(HostileTable::body).forEach(bodies::add);
    return bodies;
  }

  private static byte[] body(Arguments arguments) {
    Object body = arguments.get()[1];
    return body instanceof byte[]
        ? (byte[]) body
        : ((String) body).getBytes(StandardCharsets.UTF_8);
  }
}
