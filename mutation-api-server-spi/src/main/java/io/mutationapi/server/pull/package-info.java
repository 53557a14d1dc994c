/**
 * HTTP (pull) consumers inside the server: the queue of messages a consumer holds, ack tokens, long
 * polls and redelivery after the ack wait. Not exported: the public face is {@link
 * io.mutationapi.server.spi.ConsumeService} and {@code MutationServer.Builder#httpConsumer}.
 *
 * <p>{@link io.mutationapi.server.pull.HttpConsumer} is the {@link
 * io.mutationapi.server.spi.Consumer} the stream delivers to; {@link
 * io.mutationapi.server.pull.PullService} answers workers' pulls, acks and nacks.
 */
package io.mutationapi.server.pull;
