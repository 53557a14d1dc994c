/**
 * HTTP for the Mutation API server: {@link io.mutationapi.server.http.MutationHttpHandler}, one
 * framework-neutral async function from {@link io.mutationapi.server.http.HandlerRequest} to {@link
 * io.mutationapi.server.http.HandlerResponse} that implements every status, header and body of
 * {@code POST /v1/mutations/run}; and {@link io.mutationapi.server.http.EmbeddedHttpServer}, a thin
 * binding to the JDK's built-in HTTP server. A binding for another framework only copies the
 * request in and the response out.
 */
package io.mutationapi.server.http;
