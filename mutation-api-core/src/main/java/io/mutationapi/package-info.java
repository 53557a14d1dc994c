/**
 * The vocabulary of the Mutation API: requests ({@link io.mutationapi.MutationRequest}), the
 * records they write ({@link io.mutationapi.PartialRecord}), the records the upstream holds after
 * ({@link io.mutationapi.Record}), and errors ({@link io.mutationapi.MutationError}).
 *
 * <p>Every type here is an immutable value, safe to share between threads. Record data is a map of
 * JSON values that keeps key order, keeps numbers exact ({@link io.mutationapi.JsonNumber}) and
 * keeps the difference between an absent key and a key mapped to null.
 */
package io.mutationapi;
