package io.mutationapi.internal;

import io.mutationapi.await.Position;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.TreeMap;

/**
 * The binary form of a consistency token, and the bytes its tags sign.
 *
 * <p>Version 1, before base64url without padding: the version byte {@code 1}; the entry count as an
 * unsigned LEB128 varint; per entry, in increasing partition order, the partition (the first
 * absolute, each next as the difference to the one before, at least 1) and the offset as varints,
 * then the {@value #TAG_BYTES}-byte tag. Every varint is in its shortest form and nothing follows
 * the last entry, so equal entries have exactly one string form: a token that decodes is canonical.
 *
 * <p>A tag is the first {@value #TAG_BYTES} bytes of an HMAC-SHA256, under the server's key, of
 * {@link #signedBytes}; only the server computes or checks one. Stateless and thread-safe.
 */
public final class TokenCodec {
  /** The version this codec writes and reads. */
  public static final int VERSION = 1;

  /** The length of an entry's tag, in bytes. */
  public static final int TAG_BYTES = 8;

  /** The most entries (partitions) a token may hold. */
  public static final int MAX_ENTRIES = 10_000;

  private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

  private TokenCodec() {}

  /**
   * One position of a token and its tag.
   *
   * @param position the highest position of its partition
   * @param tag the tag, {@value #TAG_BYTES} bytes as a big-endian long
   */
  public record Entry(Position position, long tag) {}

  /** Returns the string form of {@code entries}, which hold at most one entry per partition. */
  public static String encode(Collection<Entry> entries) {
    TreeMap<Integer, Entry> sorted = new TreeMap<>();
    for (Entry e : entries) {
      if (sorted.put(e.position().partition(), e) != null) {
        throw new IllegalArgumentException("two entries for partition " + e.position().partition());
      }
    }
    if (sorted.size() > MAX_ENTRIES) {
      throw new IllegalArgumentException(
          "at most " + MAX_ENTRIES + " partitions per token, got " + sorted.size());
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(2 + sorted.size() * (TAG_BYTES + 6));
    out.write(VERSION);
    writeVarint(out, sorted.size());
    int previous = -1;
    for (Entry e : sorted.values()) {
      int partition = e.position().partition();
      writeVarint(out, previous < 0 ? partition : partition - previous);
      writeVarint(out, e.position().offset());
      for (int shift = 56; shift >= 0; shift -= 8) {
        out.write((int) (e.tag() >>> shift));
      }
      previous = partition;
    }
    return ENCODER.encodeToString(out.toByteArray());
  }

  /**
   * Returns the entries of {@code text}, in increasing partition order.
   *
   * @throws IllegalArgumentException if {@code text} is not the canonical string form of a token of
   *     this version; the message never quotes it
   */
  public static List<Entry> decode(String text) {
    if (text.isEmpty() || text.length() > 4 * (MAX_ENTRIES * (TAG_BYTES + 15) + 8) / 3) {
      throw invalid("wrong length");
    }
    byte[] bytes;
    try {
      bytes = DECODER.decode(text);
    } catch (IllegalArgumentException e) {
      throw invalid("not base64url");
    }
    if (!ENCODER.encodeToString(bytes).equals(text)) {
      throw invalid("not canonical base64url without padding");
    }
    ByteBuffer in = ByteBuffer.wrap(bytes);
    if (!in.hasRemaining() || (in.get() & 0xff) != VERSION) {
      throw invalid("unsupported version");
    }
    long count = readVarint(in);
    if (count > MAX_ENTRIES) {
      throw invalid("too many entries");
    }
    List<Entry> entries = new ArrayList<>((int) count);
    long partition = -1;
    for (int i = 0; i < count; i++) {
      long step = readVarint(in);
      if (partition >= 0 && step == 0) {
        throw invalid("partitions out of order");
      }
      partition = partition < 0 ? step : partition + step;
      if (partition > Integer.MAX_VALUE) {
        throw invalid("partition out of range");
      }
      long offset = readVarint(in);
      if (in.remaining() < TAG_BYTES) {
        throw invalid("truncated");
      }
      entries.add(new Entry(new Position((int) partition, offset), in.getLong()));
    }
    if (in.hasRemaining()) {
      throw invalid("trailing bytes");
    }
    return entries;
  }

  /**
   * Returns what a tag signs: the version, the principal's name (its UTF-8 length as 4 bytes, then
   * the bytes), the partition (4 bytes) and the offset (8 bytes), big-endian.
   */
  public static byte[] signedBytes(String principalName, Position position) {
    byte[] name = principalName.getBytes(StandardCharsets.UTF_8);
    return ByteBuffer.allocate(1 + 4 + name.length + 4 + 8)
        .put((byte) VERSION)
        .putInt(name.length)
        .put(name)
        .putInt(position.partition())
        .putLong(position.offset())
        .array();
  }

  private static void writeVarint(ByteArrayOutputStream out, long value) {
    while ((value & ~0x7FL) != 0) {
      out.write((int) ((value & 0x7F) | 0x80));
      value >>>= 7;
    }
    out.write((int) value);
  }

  /** Reads a shortest-form unsigned varint of at most 63 bits. */
  private static long readVarint(ByteBuffer in) {
    long value = 0;
    for (int shift = 0; shift < 63; shift += 7) {
      if (!in.hasRemaining()) {
        throw invalid("truncated");
      }
      int b = in.get() & 0xff;
      if (shift == 56 && b > 0x7F) {
        throw invalid("number out of range");
      }
      value |= (long) (b & 0x7F) << shift;
      if ((b & 0x80) == 0) {
        if (b == 0 && shift > 0) {
          throw invalid("number not in its shortest form");
        }
        return value;
      }
    }
    throw invalid("number out of range");
  }

  private static IllegalArgumentException invalid(String why) {
    return new IllegalArgumentException("not a consistency token: " + why);
  }
}
