package io.mutationapi.testing.salesforce;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * {@code POST /services/oauth2/token}: the client-credentials and JWT-bearer grants, and the tokens
 * they issue, which data calls check. Thread-safe.
 */
final class TokenEndpoint {
  static final String ORG_ID = SalesforceIds.make("00D", 1_000_001L);
  private static final String JWT_GRANT = "urn:ietf:params:oauth:grant-type:jwt-bearer";
  private static final Set<String> AUDIENCES =
      Set.of("https://login.salesforce.com", "https://test.salesforce.com");

  /** A user the JWT-bearer grant accepts, with the key that verifies its assertions. */
  record JwtUser(String clientId, String username, PublicKey key) {}

  private final ObjectMapper mapper;
  private final Clock clock;
  private final SecureRandom random = new SecureRandom();
  private final Map<String, String> clients = new ConcurrentHashMap<>();
  private final Map<String, JwtUser> jwtUsers = new ConcurrentHashMap<>();
  private final Map<String, String> refreshTokens = new ConcurrentHashMap<>();
  private final Map<String, Long> tokens = new ConcurrentHashMap<>();
  private volatile Duration lifetime;
  private final AtomicInteger callsBeforeExpiry = new AtomicInteger(-1);

  TokenEndpoint(ObjectMapper mapper, Clock clock, Duration lifetime) {
    this.mapper = mapper;
    this.clock = clock;
    this.lifetime = lifetime;
  }

  void addClient(String clientId, String clientSecret) {
    clients.put(clientId, clientSecret);
  }

  void addJwtUser(JwtUser user) {
    jwtUsers.put(user.clientId() + "\n" + user.username(), user);
  }

  void addRefreshToken(String clientId, String refreshToken) {
    refreshTokens.put(refreshToken, clientId);
  }

  void expireAll() {
    tokens.replaceAll((token, expiresAt) -> Long.MIN_VALUE);
  }

  void expireAfter(int calls) {
    callsBeforeExpiry.set(calls);
  }

  /**
   * Returns whether {@code token} may make this data call; counts the call towards {@link
   * #expireAfter}, and expires every token when that count runs out. Synchronized, so that no call
   * that checked its token before the count ran out is admitted after it.
   */
  synchronized boolean admit(String token) {
    if (token == null || tokens.getOrDefault(token, Long.MIN_VALUE) <= clock.millis()) {
      return false;
    }
    int left = callsBeforeExpiry.getAndUpdate(v -> v > 0 ? v - 1 : -1);
    if (left == 0) {
      expireAll();
      return false;
    }
    return true;
  }

  Answer handle(String authorization, String body, String baseUrl) {
    Map<String, String> form = FakeHandler.formFields(body);
    String grant = form.getOrDefault("grant_type", "");
    if (grant.equals("client_credentials")) {
      String id = form.get("client_id");
      String secret = form.get("client_secret");
      if (id == null && authorization != null && authorization.startsWith("Basic ")) {
        String decoded = decodeBasic(authorization.substring(6).trim());
        int colon = decoded.indexOf(':');
        if (colon >= 0) {
          id = URLDecoder.decode(decoded.substring(0, colon), StandardCharsets.UTF_8);
          secret = URLDecoder.decode(decoded.substring(colon + 1), StandardCharsets.UTF_8);
        }
      }
      if (id == null || secret == null || !secret.equals(clients.get(id))) {
        return error("invalid_client", "invalid client credentials");
      }
      return issue(baseUrl, secret);
    }
    if (grant.equals(JWT_GRANT)) {
      return jwt(form.get("assertion"), baseUrl);
    }
    if (grant.equals("refresh_token")) {
      String id = form.get("client_id");
      String secret = form.get("client_secret");
      if (id == null || (secret != null && !secret.equals(clients.get(id)))) {
        return error("invalid_client", "invalid client credentials");
      }
      String owner = refreshTokens.get(form.getOrDefault("refresh_token", ""));
      if (!id.equals(owner)) {
        return error("invalid_grant", "expired access/refresh token");
      }
      return issue(baseUrl, clients.getOrDefault(id, id));
    }
    return error("unsupported_grant_type", "grant type not supported");
  }

  private Answer jwt(String assertion, String baseUrl) {
    String[] parts = assertion == null ? new String[0] : assertion.split("\\.", -1);
    if (parts.length != 3) {
      return error("invalid_grant", "invalid assertion");
    }
    JsonNode header;
    JsonNode claims;
    try {
      header = mapper.readTree(Base64.getUrlDecoder().decode(parts[0]));
      claims = mapper.readTree(Base64.getUrlDecoder().decode(parts[1]));
    } catch (IOException | IllegalArgumentException e) {
      return error("invalid_grant", "invalid assertion");
    }
    if (!header.path("alg").asText().equals("RS256")) {
      return error("invalid_grant", "invalid assertion");
    }
    String iss = claims.path("iss").asText();
    if (jwtUsers.values().stream().noneMatch(u -> u.clientId().equals(iss))) {
      return error("invalid_client_id", "client identifier invalid");
    }
    JwtUser user = jwtUsers.get(iss + "\n" + claims.path("sub").asText());
    if (user == null) {
      return error("invalid_grant", "user hasn't approved this consumer");
    }
    if (!verify(user.key(), parts)) {
      return error("invalid_grant", "invalid assertion");
    }
    String aud = claims.path("aud").asText();
    if (!AUDIENCES.contains(aud) && !aud.equals(baseUrl)) {
      return error("invalid_grant", "audience is invalid");
    }
    if (!claims.path("exp").canConvertToLong()
        || claims.path("exp").asLong() * 1000 <= clock.millis()) {
      return error("invalid_grant", "expired authorization code");
    }
    return issue(baseUrl, clients.getOrDefault(iss, iss));
  }

  private static boolean verify(PublicKey key, String[] parts) {
    try {
      Signature signature = Signature.getInstance("SHA256withRSA");
      signature.initVerify(key);
      signature.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
      return signature.verify(Base64.getUrlDecoder().decode(parts[2]));
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      return false;
    }
  }

  private Answer issue(String baseUrl, String signingKey) {
    byte[] bytes = new byte[24];
    random.nextBytes(bytes);
    String token =
        ORG_ID.substring(0, 15)
            + "!"
            + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    Duration life = lifetime;
    tokens.put(token, life == null ? Long.MAX_VALUE : clock.millis() + life.toMillis());
    String id = baseUrl + "/id/" + ORG_ID + "/" + RecordStore.USER_ID;
    String issuedAt = Long.toString(clock.millis());
    ObjectNode out = mapper.createObjectNode();
    out.put("access_token", token);
    out.put("signature", sign(signingKey, id + issuedAt));
    out.put("scope", "api");
    out.put("instance_url", baseUrl);
    out.put("id", id);
    out.put("token_type", "Bearer");
    out.put("issued_at", issuedAt);
    return Answer.json(200, out.toString());
  }

  private static String sign(String key, String data) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return Base64.getEncoder().encodeToString(mac.doFinal(data.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is missing from the JDK", e);
    }
  }

  private Answer error(String error, String description) {
    ObjectNode out = mapper.createObjectNode();
    out.put("error", error);
    out.put("error_description", description);
    return Answer.json(400, out.toString());
  }

  private static String decodeBasic(String encoded) {
    try {
      return new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return "";
    }
  }
}
