package io.mutationapi.server.spi;

import java.util.Locale;

/** How a consumer or a sync is doing, as the Management API reports it. */
public enum HealthStatus {
  /** Its last attempt succeeded. */
  HEALTHY,
  /** Its last attempt failed, and it is being retried. */
  FAILING,
  /** The server cannot tell (e.g. the stream does not report it). */
  UNKNOWN;

  /** Returns the name on the wire: {@code healthy}, {@code failing} or {@code unknown}. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
