package io.mutationapi.server;

import io.mutationapi.ConsistencyToken;
import io.mutationapi.await.Position;
import io.mutationapi.internal.TokenCodec;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Issues and checks consistency tokens under the server's key: each position's tag is a truncated
 * HMAC-SHA256 of (version, principal name, partition, offset), so a token is accepted only from the
 * principal it was issued to, by a server holding the same key, with every position unchanged.
 * Thread-safe.
 */
final class TokenSigner {
  /** The length of a random key, and the shortest key accepted. */
  static final int KEY_BYTES = 32;

  private static final String ALGORITHM = "HmacSHA256";

  private final Mac prototype;

  TokenSigner(byte[] key) {
    try {
      prototype = Mac.getInstance(ALGORITHM);
      prototype.init(new SecretKeySpec(key, ALGORITHM));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available", e);
    }
  }

  /** Returns a signer with a random key of its own. */
  static TokenSigner random() {
    byte[] key = new byte[KEY_BYTES];
    new SecureRandom().nextBytes(key);
    return new TokenSigner(key);
  }

  /** Returns a token of the highest of {@code positions} per partition, for {@code principal}. */
  ConsistencyToken sign(String principal, Collection<Position> positions) {
    TreeMap<Integer, Position> highest = new TreeMap<>();
    for (Position p : positions) {
      highest.merge(p.partition(), p, (a, b) -> a.offset() >= b.offset() ? a : b);
    }
    Mac mac = mac();
    List<TokenCodec.Entry> entries = new ArrayList<>(highest.size());
    for (Position p : highest.values()) {
      entries.add(new TokenCodec.Entry(p, tag(mac, principal, p)));
    }
    return ConsistencyToken.parse(TokenCodec.encode(entries));
  }

  /**
   * Returns true if every position of {@code token} was issued to {@code principal} by this key.
   */
  boolean verifies(String principal, ConsistencyToken token) {
    Mac mac = mac();
    boolean all = true;
    for (TokenCodec.Entry e : TokenCodec.decode(token.value())) {
      byte[] expected = ByteBuffer.allocate(8).putLong(tag(mac, principal, e.position())).array();
      byte[] sent = ByteBuffer.allocate(8).putLong(e.tag()).array();
      // Every entry is checked, in constant time: the answer does not tell which one failed.
      all &= MessageDigest.isEqual(expected, sent);
    }
    return all;
  }

  private static long tag(Mac mac, String principal, Position position) {
    byte[] full = mac.doFinal(TokenCodec.signedBytes(principal, position));
    return ByteBuffer.wrap(full, 0, TokenCodec.TAG_BYTES).getLong();
  }

  private Mac mac() {
    try {
      return (Mac) prototype.clone();
    } catch (CloneNotSupportedException e) {
      throw new IllegalStateException("HmacSHA256 cannot be cloned", e);
    }
  }

  @Override
  public String toString() {
    return "TokenSigner{key=<redacted>}";
  }
}
