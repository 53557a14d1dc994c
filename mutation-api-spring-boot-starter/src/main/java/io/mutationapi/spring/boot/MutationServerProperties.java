package io.mutationapi.spring.boot;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The settings of the auto-configured {@link io.mutationapi.server.MutationServer}, under {@code
 * mutation-api.server}: which beans serve which syncs and consume which collections, who may call
 * the API, the JDBC stores and consumers, and limits. A limit left unset keeps the server builder's
 * default.
 *
 * <p>Mutable, bound once at startup. {@link #toString()} never shows a token.
 */
@ConfigurationProperties("mutation-api.server")
public class MutationServerProperties {
  /** Whether to build the server at all when the application has Upstream beans. */
  private boolean enabled = true;

  /** Syncs by id: the Upstream bean each writes to and the collections it serves. */
  private Map<String, Sync> syncs = new LinkedHashMap<>();

  /** Consumers by id: the Consumer bean and the collections it consumes. */
  private Map<String, ConsumerBean> consumers = new LinkedHashMap<>();

  /** JDBC table consumers by id, on the application's DataSource (needs mutation-api-jdbc). */
  private Map<String, JdbcConsumerProperties> jdbcConsumers = new LinkedHashMap<>();

  /** Bearer tokens by principal name; each principal may mutate its syncs. */
  private Map<String, TokenProperties> tokens = new LinkedHashMap<>();

  /** Turns authentication off: anyone who reaches the server may mutate every sync. Demos only. */
  private boolean insecureNoAuthentication;

  /** Where idempotency keys are kept. */
  private final Idempotency idempotency = new Idempotency();

  /** Where change captures keep their cursors. */
  private final Cursors cursors = new Cursors();

  /** What the health indicator reports. */
  private final Health health = new Health();

  /** The most records or ids one request may carry. */
  private Integer maxRecordsPerRequest;

  /** The longest await_consumers_timeout a request may ask for. */
  private Duration maxAwaitTimeout;

  /** The largest request body, in bytes. */
  private Long maxBodyBytes;

  /** The longest the upstream calls of one request may take. */
  private Duration upstreamTimeout;

  /** The most HTTP requests answered at once, awaits included. */
  private Integer maxInFlightRequests;

  /** The most requests that may wait for consumers at once. */
  private Integer maxPendingAwaits;

  /** How long a request body may take to arrive. */
  private Duration bodyReadTimeout;

  /** How long closing the server lets requests in flight finish. */
  private Duration gracePeriod;

  /** Creates empty settings. */
  public MutationServerProperties() {}

  /** A sync: the name of its {@code Upstream} bean (default: the sync id) and its collections. */
  public static class Sync {
    /** The name of the Upstream bean; default: the sync id. */
    private String upstream;

    /** The collections the sync serves, e.g. salesforce:contact. */
    private List<String> collections = new ArrayList<>();

    /** Creates an empty sync. */
    public Sync() {}

    /** Returns the bean name, or null for the sync id. */
    public String getUpstream() {
      return upstream;
    }

    /** Sets the bean name. */
    public void setUpstream(String upstream) {
      this.upstream = upstream;
    }

    /** Returns the collections. */
    public List<String> getCollections() {
      return collections;
    }

    /** Sets the collections. */
    public void setCollections(List<String> collections) {
      this.collections = collections;
    }
  }

  /** A consumer: the name of its {@code Consumer} bean (default: the consumer id), collections. */
  public static class ConsumerBean {
    /** The name of the Consumer bean; default: the consumer id. */
    private String bean;

    /** The collections it consumes. */
    private List<String> collections = new ArrayList<>();

    /** Creates an empty consumer. */
    public ConsumerBean() {}

    /** Returns the bean name, or null for the consumer id. */
    public String getBean() {
      return bean;
    }

    /** Sets the bean name. */
    public void setBean(String bean) {
      this.bean = bean;
    }

    /** Returns the collections. */
    public List<String> getCollections() {
      return collections;
    }

    /** Sets the collections. */
    public void setCollections(List<String> collections) {
      this.collections = collections;
    }
  }

  /** The idempotency store. */
  public static class Idempotency {
    /** Whether to keep idempotency keys in a JdbcIdempotencyStore on the DataSource. */
    private boolean jdbc;

    /** The table; default: the store's (mutation_idempotency_keys). */
    private String table;

    /** Whether to create the table at startup if missing. */
    private boolean createTable = true;

    /** How long a finished response is kept; default: the store's. */
    private Duration retention;

    /** Creates default settings. */
    public Idempotency() {}

    /** Returns whether the JDBC store is used. */
    public boolean isJdbc() {
      return jdbc;
    }

    /** Sets whether the JDBC store is used. */
    public void setJdbc(boolean jdbc) {
      this.jdbc = jdbc;
    }

    /** Returns the table, or null. */
    public String getTable() {
      return table;
    }

    /** Sets the table. */
    public void setTable(String table) {
      this.table = table;
    }

    /** Returns whether the table is created. */
    public boolean isCreateTable() {
      return createTable;
    }

    /** Sets whether the table is created. */
    public void setCreateTable(boolean createTable) {
      this.createTable = createTable;
    }

    /** Returns the retention, or null. */
    public Duration getRetention() {
      return retention;
    }

    /** Sets the retention. */
    public void setRetention(Duration retention) {
      this.retention = retention;
    }
  }

  /** The cursor store of change captures. */
  public static class Cursors {
    /** Whether to keep change-capture cursors in a JdbcCursorStore on the DataSource. */
    private boolean jdbc;

    /** The table; default: the store's (mutation_sync_cursors). */
    private String table;

    /** Whether to create the table at startup if missing. */
    private boolean createTable = true;

    /** Creates default settings. */
    public Cursors() {}

    /** Returns whether the JDBC store is used. */
    public boolean isJdbc() {
      return jdbc;
    }

    /** Sets whether the JDBC store is used. */
    public void setJdbc(boolean jdbc) {
      this.jdbc = jdbc;
    }

    /** Returns the table, or null. */
    public String getTable() {
      return table;
    }

    /** Sets the table. */
    public void setTable(String table) {
      this.table = table;
    }

    /** Returns whether the table is created. */
    public boolean isCreateTable() {
      return createTable;
    }

    /** Sets whether the table is created. */
    public void setCreateTable(boolean createTable) {
      this.createTable = createTable;
    }
  }

  /** What the health indicator reports. */
  public static class Health {
    /** A consumer lag (records) above which health is OUT_OF_SERVICE; unset: lag never is. */
    private Long maxConsumerLag;

    /** Creates default settings. */
    public Health() {}

    /** Returns the lag threshold, or null. */
    public Long getMaxConsumerLag() {
      return maxConsumerLag;
    }

    /** Sets the lag threshold. */
    public void setMaxConsumerLag(Long maxConsumerLag) {
      this.maxConsumerLag = maxConsumerLag;
    }
  }

  /** Returns whether the server is built. */
  public boolean isEnabled() {
    return enabled;
  }

  /** Sets whether the server is built. */
  public void setEnabled(boolean enabled) {
    this.enabled = enabled;
  }

  /** Returns the syncs by id. */
  public Map<String, Sync> getSyncs() {
    return syncs;
  }

  /** Sets the syncs. */
  public void setSyncs(Map<String, Sync> syncs) {
    this.syncs = syncs;
  }

  /** Returns the consumers by id. */
  public Map<String, ConsumerBean> getConsumers() {
    return consumers;
  }

  /** Sets the consumers. */
  public void setConsumers(Map<String, ConsumerBean> consumers) {
    this.consumers = consumers;
  }

  /** Returns the JDBC table consumers by id. */
  public Map<String, JdbcConsumerProperties> getJdbcConsumers() {
    return jdbcConsumers;
  }

  /** Sets the JDBC table consumers. */
  public void setJdbcConsumers(Map<String, JdbcConsumerProperties> jdbcConsumers) {
    this.jdbcConsumers = jdbcConsumers;
  }

  /** Returns the tokens by principal name. */
  public Map<String, TokenProperties> getTokens() {
    return tokens;
  }

  /** Sets the tokens. */
  public void setTokens(Map<String, TokenProperties> tokens) {
    this.tokens = tokens;
  }

  /** Returns whether authentication is off. */
  public boolean isInsecureNoAuthentication() {
    return insecureNoAuthentication;
  }

  /** Sets whether authentication is off. */
  public void setInsecureNoAuthentication(boolean insecureNoAuthentication) {
    this.insecureNoAuthentication = insecureNoAuthentication;
  }

  /** Returns the idempotency settings. */
  public Idempotency getIdempotency() {
    return idempotency;
  }

  /** Returns the cursor settings. */
  public Cursors getCursors() {
    return cursors;
  }

  /** Returns the health settings. */
  public Health getHealth() {
    return health;
  }

  /** Returns the limit, or null for the server's default. */
  public Integer getMaxRecordsPerRequest() {
    return maxRecordsPerRequest;
  }

  /** Sets the limit. */
  public void setMaxRecordsPerRequest(Integer maxRecordsPerRequest) {
    this.maxRecordsPerRequest = maxRecordsPerRequest;
  }

  /** Returns the limit, or null for the server's default. */
  public Duration getMaxAwaitTimeout() {
    return maxAwaitTimeout;
  }

  /** Sets the limit. */
  public void setMaxAwaitTimeout(Duration maxAwaitTimeout) {
    this.maxAwaitTimeout = maxAwaitTimeout;
  }

  /** Returns the limit, or null for the server's default. */
  public Long getMaxBodyBytes() {
    return maxBodyBytes;
  }

  /** Sets the limit. */
  public void setMaxBodyBytes(Long maxBodyBytes) {
    this.maxBodyBytes = maxBodyBytes;
  }

  /** Returns the limit, or null for the server's default. */
  public Duration getUpstreamTimeout() {
    return upstreamTimeout;
  }

  /** Sets the limit. */
  public void setUpstreamTimeout(Duration upstreamTimeout) {
    this.upstreamTimeout = upstreamTimeout;
  }

  /** Returns the limit, or null for the server's default. */
  public Integer getMaxInFlightRequests() {
    return maxInFlightRequests;
  }

  /** Sets the limit. */
  public void setMaxInFlightRequests(Integer maxInFlightRequests) {
    this.maxInFlightRequests = maxInFlightRequests;
  }

  /** Returns the limit, or null for the server's default. */
  public Integer getMaxPendingAwaits() {
    return maxPendingAwaits;
  }

  /** Sets the limit. */
  public void setMaxPendingAwaits(Integer maxPendingAwaits) {
    this.maxPendingAwaits = maxPendingAwaits;
  }

  /** Returns the limit, or null for the server's default. */
  public Duration getBodyReadTimeout() {
    return bodyReadTimeout;
  }

  /** Sets the limit. */
  public void setBodyReadTimeout(Duration bodyReadTimeout) {
    this.bodyReadTimeout = bodyReadTimeout;
  }

  /** Returns the grace period, or null for the server's default. */
  public Duration getGracePeriod() {
    return gracePeriod;
  }

  /** Sets the grace period. */
  public void setGracePeriod(Duration gracePeriod) {
    this.gracePeriod = gracePeriod;
  }

  /** Returns the settings; never a token. */
  @Override
  public String toString() {
    return "MutationServerProperties{syncs="
        + syncs.keySet()
        + ", consumers="
        + consumers.keySet()
        + ", jdbcConsumers="
        + jdbcConsumers.keySet()
        + ", tokens="
        + tokens
        + "}";
  }
}
