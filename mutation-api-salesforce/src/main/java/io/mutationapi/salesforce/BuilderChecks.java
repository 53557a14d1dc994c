package io.mutationapi.salesforce;

import java.time.Duration;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The argument checks of {@link SalesforceUpstream.Builder}'s setters: each returns the value it
 * accepts, or throws {@link NullPointerException} / {@link IllegalArgumentException} with a message
 * that names the argument and the form it should take.
 */
final class BuilderChecks {
  private static final Pattern VERSION = Pattern.compile("\\d{2,3}\\.\\d");
  private static final Pattern CLIENT_NAME = Pattern.compile("[A-Za-z0-9_.\\-]{1,40}");

  private BuilderChecks() {}

  static String requireText(String value, String name) {
    Objects.requireNonNull(value, name);
    if (value.isBlank()) {
      throw new IllegalArgumentException(name + " must not be blank");
    }
    return value;
  }

  static Duration positive(Duration d, String name) {
    Objects.requireNonNull(d, name);
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(name + " must be positive: " + d);
    }
    return d;
  }

  static String apiVersion(String apiVersion) {
    Objects.requireNonNull(apiVersion, "apiVersion");
    if (!VERSION.matcher(apiVersion).matches()) {
      throw new IllegalArgumentException(
          "apiVersion must look like \""
              + SalesforceUpstream.DEFAULT_API_VERSION
              + "\" (no v): "
              + apiVersion);
    }
    return apiVersion;
  }

  static String clientName(String clientName) {
    Objects.requireNonNull(clientName, "clientName");
    if (!CLIENT_NAME.matcher(clientName).matches()) {
      throw new IllegalArgumentException(
          "clientName must be 1 to 40 letters, digits, '.', '_' or '-': " + clientName);
    }
    return clientName;
  }

  static double share(double share) {
    if (!(share > 0 && share <= 1)) {
      throw new IllegalArgumentException(
          "share must be above 0 and at most 1, e.g. 0.9 for 90%: " + share);
    }
    return share;
  }
}
