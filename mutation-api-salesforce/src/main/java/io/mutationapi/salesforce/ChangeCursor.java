package io.mutationapi.salesforce;

import io.mutationapi.server.spi.UpstreamException;
import java.time.Instant;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where a change poll of one sObject stands: every change stamped before {@code second}, and those
 * stamped in {@code second} with an {@code Id} up to {@code lastId} (none when empty), have been
 * returned. Encoded as {@code sf1:<epoch second>:<last id>}. Immutable.
 *
 * @param second a {@code SystemModstamp} second, as seconds since the epoch
 * @param lastId the last {@code Id} returned in that second, or empty for none
 */
record ChangeCursor(long second, String lastId) {
  private static final Pattern FORMAT = Pattern.compile("^sf1:(-?\\d{1,12}):([0-9A-Za-z]{18})?$");

  /** Returns the cursor of a backfill: from {@code notBefore}'s second, or from the epoch. */
  static ChangeCursor start(Optional<Instant> notBefore) {
    return new ChangeCursor(notBefore.map(Instant::getEpochSecond).orElse(0L), "");
  }

  /**
   * Decodes a cursor this class encoded.
   *
   * @throws UpstreamException if {@code text} is not one
   */
  static ChangeCursor parse(String text) {
    Matcher m = FORMAT.matcher(text);
    if (!m.matches()) {
      throw UpstreamException.failed(
          "Not a Salesforce change cursor (expected sf1:<second>:<id>): " + text, null);
    }
    return new ChangeCursor(Long.parseLong(m.group(1)), m.group(2) == null ? "" : m.group(2));
  }

  /** Returns the cursor just after the record with {@code stamp} and {@code id}. */
  static ChangeCursor after(Instant stamp, String id) {
    return new ChangeCursor(stamp.getEpochSecond(), id);
  }

  /** The second as an instant. */
  Instant instant() {
    return Instant.ofEpochSecond(second);
  }

  String encode() {
    return "sf1:" + second + ":" + lastId;
  }
}
