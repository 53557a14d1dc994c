package io.mutationapi.client;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** This library's version, from a resource the build fills in. */
final class Version {
  static final String VERSION = load();
  static final String USER_AGENT = "mutation-api-java/" + VERSION;

  private Version() {}

  private static String load() {
    try (InputStream in = Version.class.getResourceAsStream("version.properties")) {
      if (in == null) {
        return "unknown";
      }
      Properties p = new Properties();
      p.load(in);
      String v = p.getProperty("version", "unknown");
      return v.startsWith("${") ? "unknown" : v;
    } catch (IOException e) {
      return "unknown";
    }
  }
}
