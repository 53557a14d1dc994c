package io.mutationapi.jdbc;

/**
 * Counters of a {@link JdbcTableConsumer} since it was built, for a health check or metrics: how
 * many records it gave up on and how many the table is refusing now. Immutable.
 *
 * @param deadLettered records written to the dead-letter table instead of the table
 * @param handedToHandler records given to the {@link PoisonRecordHandler} instead of the table
 * @param refusals times the table refused a record (each retry counts)
 * @param retrying record versions the table refuses now and that are being retried
 */
public record TableConsumerHealth(
    long deadLettered, long handedToHandler, long refusals, int retrying) {

  /** Returns true if no record has been given up on and none is being retried. */
  public boolean isClean() {
    return deadLettered == 0 && handedToHandler == 0 && retrying == 0;
  }
}
