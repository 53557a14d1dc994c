package io.mutationapi.server.http;

import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/** Request ids: the caller's {@code X-Request-Id} if it is usable, else a new one. */
final class RequestIds {
  static final int MAX_LENGTH = 200;

  private RequestIds() {}

  /** Returns the request's usable {@code X-Request-Id} (trimmed), or a new id. */
  static String of(HandlerRequest request) {
    Optional<String> sent = request.header(MutationHttpHandler.REQUEST_ID);
    return sent.map(String::trim).filter(RequestIds::isUsable).orElseGet(RequestIds::newId);
  }

  /** Returns {@code sent} if it is usable as it is, else a new id. */
  static String usableOrNew(String sent) {
    return sent != null && isUsable(sent) ? sent : newId();
  }

  private static boolean isUsable(String id) {
    return !id.isEmpty() && id.length() <= MAX_LENGTH && isVisibleAscii(id);
  }

  /**
   * Returns a new request id: a random (version 4) UUID. Request ids must be unique, not secret, so
   * they come from {@link ThreadLocalRandom} rather than the shared {@code SecureRandom} behind
   * {@link UUID#randomUUID()}, which every request thread would otherwise queue on.
   */
  static String newId() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    long high = (random.nextLong() & ~0xf000L) | 0x4000L;
    long low = (random.nextLong() & 0x3fffffffffffffffL) | 0x8000000000000000L;
    return new UUID(high, low).toString();
  }

  /** Returns true if every character of {@code s} is visible ASCII (no space, no control). */
  static boolean isVisibleAscii(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x21 || c > 0x7e) {
        return false;
      }
    }
    return true;
  }
}
