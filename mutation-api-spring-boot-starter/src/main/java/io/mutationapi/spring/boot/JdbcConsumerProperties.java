package io.mutationapi.spring.boot;

import java.util.ArrayList;
import java.util.List;

/**
 * A table kept in sync by a {@code JdbcTableConsumer} on the application's DataSource: the value of
 * {@code mutation-api.server.jdbc-consumers.<id>} in {@link MutationServerProperties}.
 */
public class JdbcConsumerProperties {
  /** The table name. */
  private String table;

  /** The table's schema; default: the connection's. */
  private String schema;

  /** The collections it consumes. */
  private List<String> collections = new ArrayList<>();

  /** Whether to create the table (and its dead-letter table) at startup if missing. */
  private boolean createTable = true;

  /** Creates an empty consumer. */
  public JdbcConsumerProperties() {}

  /** Returns the table. */
  public String getTable() {
    return table;
  }

  /** Sets the table. */
  public void setTable(String table) {
    this.table = table;
  }

  /** Returns the schema, or null. */
  public String getSchema() {
    return schema;
  }

  /** Sets the schema. */
  public void setSchema(String schema) {
    this.schema = schema;
  }

  /** Returns the collections. */
  public List<String> getCollections() {
    return collections;
  }

  /** Sets the collections. */
  public void setCollections(List<String> collections) {
    this.collections = collections;
  }

  /** Returns whether the table is created at startup. */
  public boolean isCreateTable() {
    return createTable;
  }

  /** Sets whether the table is created at startup. */
  public void setCreateTable(boolean createTable) {
    this.createTable = createTable;
  }
}
