package io.mutationapi;

import io.mutationapi.await.Position;
import io.mutationapi.internal.TokenCodec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Where a mutation's records are on the change stream: the highest position per partition, signed
 * by the server that answered, as an opaque string ({@code consistency_token} on the wire).
 *
 * <p>A reader hands it back to wait until consumers have processed those positions ({@code POST
 * /v1/consumers/{id}/wait}, {@code client.consumers().await(...)} or the server's {@code
 * MutationService.await}), so a write can answer at once and only the read that needs it waits.
 * Tokens of several mutations {@linkplain #merge(ConsistencyToken...) merge} without the server:
 * the highest position per partition wins, so one token stands for "everything this session wrote".
 *
 * <p>Each position carries a tag that binds it to the principal the mutation ran as and to the
 * server's key: a server accepts only tokens it (or a node sharing its key) issued to the same
 * principal, and a changed position is refused. Merge tokens of one principal only: a merged token
 * holding another principal's positions is refused as a whole. The string form is versioned
 * base64url; {@link #value()} returns it and {@link #parse} reads it back.
 *
 * <p>Immutable and thread-safe; equal when the string forms are equal.
 */
public final class ConsistencyToken {
  private final String value;
  private final List<TokenCodec.Entry> entries;

  private ConsistencyToken(String value, List<TokenCodec.Entry> entries) {
    this.value = value;
    this.entries = List.copyOf(entries);
  }

  /**
   * Reads a token from its string form, as {@link #value()} returns it.
   *
   * <p>Only the form is checked here; whether its tags are genuine only the server can tell.
   *
   * @throws IllegalArgumentException if {@code value} is not the string form of a token of a
   *     version this library reads; the message never quotes it
   * @throws NullPointerException if {@code value} is null
   */
  public static ConsistencyToken parse(String value) {
    Objects.requireNonNull(value, "value");
    return new ConsistencyToken(value, TokenCodec.decode(value));
  }

  /**
   * Returns one token with, per partition, the highest position of any of {@code tokens}; the empty
   * token for none.
   *
   * @throws NullPointerException if an argument is null
   */
  public static ConsistencyToken merge(Collection<ConsistencyToken> tokens) {
    Objects.requireNonNull(tokens, "tokens");
    TreeMap<Integer, TokenCodec.Entry> highest = new TreeMap<>();
    for (ConsistencyToken token : tokens) {
      Objects.requireNonNull(token, "tokens must not contain null");
      for (TokenCodec.Entry e : token.entries) {
        highest.merge(
            e.position().partition(),
            e,
            (a, b) -> b.position().offset() > a.position().offset() ? b : a);
      }
    }
    List<TokenCodec.Entry> merged = new ArrayList<>(highest.values());
    return new ConsistencyToken(TokenCodec.encode(merged), merged);
  }

  /**
   * Returns one token with, per partition, the highest position of any of {@code tokens}.
   *
   * @throws NullPointerException if an argument is null
   */
  public static ConsistencyToken merge(ConsistencyToken... tokens) {
    return merge(Arrays.asList(tokens));
  }

  /** Returns the string form: versioned, base64url without padding. */
  public String value() {
    return value;
  }

  /** Returns the highest position per partition, in partition order. */
  public List<Position> positions() {
    List<Position> positions = new ArrayList<>(entries.size());
    for (TokenCodec.Entry e : entries) {
      positions.add(e.position());
    }
    return List.copyOf(positions);
  }

  /** Returns true if the token holds no position, so waiting for it completes at once. */
  public boolean isEmpty() {
    return entries.isEmpty();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ConsistencyToken && ((ConsistencyToken) o).value.equals(value);
  }

  @Override
  public int hashCode() {
    return value.hashCode();
  }

  /** Returns the positions, e.g. {@code ConsistencyToken[0:12, 3:40]}; not the tags. */
  @Override
  public String toString() {
    StringBuilder s = new StringBuilder("ConsistencyToken[");
    for (int i = 0; i < entries.size(); i++) {
      Position p = entries.get(i).position();
      s.append(i == 0 ? "" : ", ").append(p.partition()).append(':').append(p.offset());
    }
    return s.append(']').toString();
  }
}
