package io.mutationapi.webhook;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs webhook bodies and verifies them on the receiving side: HMAC-SHA256 with a shared secret
 * over {@code <t>.<body>}, sent as {@code X-Mutation-Signature: t=<unix seconds>,v1=<hex>}.
 *
 * <p>A receiver checks every request before trusting it:
 *
 * <pre>{@code
 * WebhookSignature signature = WebhookSignature.of(System.getenv("WEBHOOK_SECRET"));
 * if (!signature.verify(request.header(WebhookSignature.HEADER), rawBody)) {
 *   return 401;
 * }
 * }</pre>
 *
 * <p>Verify the raw bytes as received, before parsing. A signature older (or newer) than the
 * tolerance is refused, so a recorded request cannot be replayed later; a header may carry several
 * {@code v1} values while a secret is being rotated, and one match is enough. Comparisons take
 * constant time. In another language: compute {@code hex(hmac_sha256(secret, t + "." + body))} and
 * compare it with {@code v1}.
 *
 * <p>Immutable and thread-safe. {@link #toString()} does not show the secret.
 */
public final class WebhookSignature {
  /** The request header that carries the signature. */
  public static final String HEADER = "X-Mutation-Signature";

  /** How far a signature's time may be from the receiver's clock by default: five minutes. */
  public static final Duration DEFAULT_TOLERANCE = Duration.ofMinutes(5);

  private static final String ALGORITHM = "HmacSHA256";
  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private final SecretKeySpec key;

  private WebhookSignature(byte[] secret) {
    if (secret.length == 0) {
      throw new IllegalArgumentException("secret must not be empty");
    }
    this.key = new SecretKeySpec(secret, ALGORITHM);
  }

  /**
   * Returns a signature with {@code secret}, as UTF-8 bytes.
   *
   * @throws IllegalArgumentException if {@code secret} is empty
   */
  public static WebhookSignature of(String secret) {
    return new WebhookSignature(
        Objects.requireNonNull(secret, "secret").getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Returns a signature with {@code secret}.
   *
   * @throws IllegalArgumentException if {@code secret} is empty
   */
  public static WebhookSignature of(byte[] secret) {
    return new WebhookSignature(Objects.requireNonNull(secret, "secret").clone());
  }

  /** Returns the header value for {@code body} sent at {@code time}: {@code t=...,v1=...}. */
  public String sign(Instant time, byte[] body) {
    long t = time.getEpochSecond();
    return "t=" + t + ",v1=" + hex(mac(t, body));
  }

  /**
   * Returns true if {@code header} is a valid signature of {@code body} made within {@link
   * #DEFAULT_TOLERANCE} of now. A null or malformed header is simply invalid.
   */
  public boolean verify(String header, byte[] body) {
    return verify(header, body, Instant.now(), DEFAULT_TOLERANCE);
  }

  /**
   * Returns true if {@code header} is a valid signature of {@code body} whose time is within {@code
   * tolerance} of {@code now}.
   */
  public boolean verify(String header, byte[] body, Instant now, Duration tolerance) {
    Objects.requireNonNull(body, "body");
    if (header == null) {
      return false;
    }
    Long t = null;
    for (String part : header.split(",")) {
      String p = part.trim();
      if (p.startsWith("t=")) {
        if (t != null) {
          return false; // two times: which one was signed?
        }
        try {
          t = Long.parseLong(p.substring(2));
        } catch (NumberFormatException e) {
          return false;
        }
      }
    }
    if (t == null || Math.abs(now.getEpochSecond() - t) > Math.max(0, tolerance.getSeconds())) {
      return false;
    }
    byte[] expected = mac(t, body);
    boolean valid = false;
    for (String part : header.split(",")) {
      String p = part.trim();
      if (p.startsWith("v1=")) {
        byte[] given = unhex(p.substring(3));
        // Check every candidate, so the time taken does not tell which one matched.
        valid |= given != null && MessageDigest.isEqual(expected, given);
      }
    }
    return valid;
  }

  private byte[] mac(long t, byte[] body) {
    try {
      Mac mac = Mac.getInstance(ALGORITHM);
      mac.init(key);
      mac.update((t + ".").getBytes(StandardCharsets.US_ASCII));
      return mac.doFinal(body);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is required of every Java platform", e);
    }
  }

  private static String hex(byte[] bytes) {
    char[] out = new char[bytes.length * 2];
    for (int i = 0; i < bytes.length; i++) {
      out[2 * i] = HEX[(bytes[i] >> 4) & 0xf];
      out[2 * i + 1] = HEX[bytes[i] & 0xf];
    }
    return new String(out);
  }

  private static byte[] unhex(String s) {
    if (s.length() % 2 != 0) {
      return null;
    }
    byte[] out = new byte[s.length() / 2];
    for (int i = 0; i < out.length; i++) {
      int hi = Character.digit(s.charAt(2 * i), 16);
      int lo = Character.digit(s.charAt(2 * i + 1), 16);
      if (hi < 0 || lo < 0) {
        return null;
      }
      out[i] = (byte) ((hi << 4) | lo);
    }
    return out;
  }

  /** Returns a description without the secret. */
  @Override
  public String toString() {
    return "WebhookSignature{HmacSHA256, secret=***}";
  }
}
