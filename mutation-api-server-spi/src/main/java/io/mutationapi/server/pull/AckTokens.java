package io.mutationapi.server.pull;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Issues and checks ack tokens: a message's sequence number and delivery number, signed with
 * HMAC-SHA256 under a random key of this process over (principal name, consumer id, message,
 * delivery). Nobody without the key can make a token, a token is good only for the principal and
 * consumer it was issued for, and nothing is kept per token. A restarted process has a new key, so
 * older tokens are unknown. Thread-safe: each signature uses a copy of one keyed {@link Mac}, which
 * costs a fraction of looking up and keying a new one.
 */
final class AckTokens {
  private static final String ALGORITHM = "HmacSHA256";
  private static final int MAC_BYTES = 16;
  private static final int TOKEN_BYTES = Long.BYTES + Integer.BYTES + MAC_BYTES;
  private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

  private final Mac prototype;

  AckTokens() {
    byte[] secret = new byte[32];
    new SecureRandom().nextBytes(secret);
    try {
      prototype = Mac.getInstance(ALGORITHM);
      prototype.init(new SecretKeySpec(secret, ALGORITHM));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available", e);
    }
  }

  /** What a valid token names: a message and which of its deliveries. */
  record Ref(long seq, int delivery) {}

  /** Returns the token of delivery {@code delivery} of message {@code seq}. */
  String issue(String principalName, String consumerId, long seq, int delivery) {
    ByteBuffer token = ByteBuffer.allocate(TOKEN_BYTES);
    token.putLong(seq).putInt(delivery).put(mac(principalName, consumerId, seq, delivery));
    return ENCODER.encodeToString(token.array());
  }

  /**
   * Returns what {@code token} names if this process issued it to {@code principalName} for {@code
   * consumerId}; empty otherwise, malformed tokens included.
   */
  Optional<Ref> verify(String token, String principalName, String consumerId) {
    byte[] bytes;
    try {
      bytes = Base64.getUrlDecoder().decode(token);
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
    if (bytes.length != TOKEN_BYTES) {
      return Optional.empty();
    }
    ByteBuffer buffer = ByteBuffer.wrap(bytes);
    long seq = buffer.getLong();
    int delivery = buffer.getInt();
    byte[] given = Arrays.copyOfRange(bytes, Long.BYTES + Integer.BYTES, TOKEN_BYTES);
    if (!MessageDigest.isEqual(given, mac(principalName, consumerId, seq, delivery))) {
      return Optional.empty();
    }
    return Optional.of(new Ref(seq, delivery));
  }

  private byte[] mac(String principalName, String consumerId, long seq, int delivery) {
    Mac mac;
    try {
      mac = (Mac) prototype.clone();
    } catch (CloneNotSupportedException e) {
      throw new IllegalStateException("HmacSHA256 cannot be copied", e);
    }
    mac.update(lengthPrefixed(principalName));
    mac.update(lengthPrefixed(consumerId));
    mac.update(
        ByteBuffer.allocate(Long.BYTES + Integer.BYTES).putLong(seq).putInt(delivery).array());
    return Arrays.copyOf(mac.doFinal(), MAC_BYTES);
  }

  private static byte[] lengthPrefixed(String s) {
    byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
    return ByteBuffer.allocate(Integer.BYTES + utf8.length).putInt(utf8.length).put(utf8).array();
  }
}
