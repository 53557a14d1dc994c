package io.mutationapi.spring.boot;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The settings of the auto-configured {@link io.mutationapi.client.MutationClient}, under {@code
 * mutation-api.client}. A setting left unset keeps the client builder's default. The base URL and
 * the token fall back to the environment variables {@code MUTATION_API_URL} and {@code
 * MUTATION_API_TOKEN}, as {@code MutationClient.fromEnv()} does.
 *
 * <p>Mutable, bound once at startup. {@link #toString()} never shows the token.
 */
@ConfigurationProperties("mutation-api.client")
public class MutationClientProperties {
  /** The API's base URL, e.g. https://api.example.com; default: MUTATION_API_URL. */
  private String baseUrl;

  /** The bearer token sent with every request; default: MUTATION_API_TOKEN. */
  private String apiToken;

  /** How many times a failed attempt is retried where retrying is safe (0 turns it off). */
  private Integer maxRetries;

  /** The total deadline of one call, all attempts included. */
  private Duration timeout;

  /** How long to wait for a connection. */
  private Duration connectTimeout;

  /** How long one attempt waits for data when it awaits no consumers. */
  private Duration readTimeout;

  /** What is added to the await timeout to get the read timeout of a request that awaits. */
  private Duration awaitTimeoutMargin;

  /** Creates empty settings. */
  public MutationClientProperties() {}

  /** Returns the base URL, or null to use {@code MUTATION_API_URL}. */
  public String getBaseUrl() {
    return baseUrl;
  }

  /** Sets the base URL. */
  public void setBaseUrl(String baseUrl) {
    this.baseUrl = baseUrl;
  }

  /** Returns the token, or null to use {@code MUTATION_API_TOKEN}. */
  public String getApiToken() {
    return apiToken;
  }

  /** Sets the token. */
  public void setApiToken(String apiToken) {
    this.apiToken = apiToken;
  }

  /** Returns the retries, or null for the client's default. */
  public Integer getMaxRetries() {
    return maxRetries;
  }

  /** Sets the retries. */
  public void setMaxRetries(Integer maxRetries) {
    this.maxRetries = maxRetries;
  }

  /** Returns the total deadline, or null for the client's default. */
  public Duration getTimeout() {
    return timeout;
  }

  /** Sets the total deadline. */
  public void setTimeout(Duration timeout) {
    this.timeout = timeout;
  }

  /** Returns the connect timeout, or null for the client's default. */
  public Duration getConnectTimeout() {
    return connectTimeout;
  }

  /** Sets the connect timeout. */
  public void setConnectTimeout(Duration connectTimeout) {
    this.connectTimeout = connectTimeout;
  }

  /** Returns the read timeout, or null for the client's default. */
  public Duration getReadTimeout() {
    return readTimeout;
  }

  /** Sets the read timeout. */
  public void setReadTimeout(Duration readTimeout) {
    this.readTimeout = readTimeout;
  }

  /** Returns the await margin, or null for the client's default. */
  public Duration getAwaitTimeoutMargin() {
    return awaitTimeoutMargin;
  }

  /** Sets the await margin. */
  public void setAwaitTimeoutMargin(Duration awaitTimeoutMargin) {
    this.awaitTimeoutMargin = awaitTimeoutMargin;
  }

  /** Returns the settings; never the token. */
  @Override
  public String toString() {
    return "MutationClientProperties{baseUrl="
        + baseUrl
        + ", apiToken="
        + (apiToken == null ? "null" : "<redacted>")
        + ", maxRetries="
        + maxRetries
        + ", timeout="
        + timeout
        + "}";
  }
}
