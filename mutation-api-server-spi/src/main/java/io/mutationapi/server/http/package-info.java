/**
 * HTTP for the Mutation API server: {@link io.mutationapi.server.http.MutationHttpHandler}, one
 * framework-neutral async function from {@link io.mutationapi.server.http.HandlerRequest} to {@link
 * io.mutationapi.server.http.HandlerResponse} that implements every status, header and body of
 * {@code POST /v1/mutations/run}. A binding to an HTTP server or framework only copies the request
 * in and the response out; the embedded default, on Jetty, is {@code MutationHttpServer} in the
 * artifact {@code mutation-api-server-jetty}.
 */
package io.mutationapi.server.http;
