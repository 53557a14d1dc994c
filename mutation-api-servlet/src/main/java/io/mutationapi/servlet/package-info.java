/**
 * {@link io.mutationapi.servlet.MutationServlet}: serves every endpoint of a {@code
 * MutationServer}'s HTTP handler (mutations, the Consume API with its long polls, the Management
 * API, token waits) in a servlet container, asynchronously. The container owns the sockets, header
 * limits and idle timeouts; the handler stays the one place that speaks the protocol.
 */
package io.mutationapi.servlet;
