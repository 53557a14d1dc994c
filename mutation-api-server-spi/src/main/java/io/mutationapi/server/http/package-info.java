/**
 * HTTP for the Mutation API server: {@link io.mutationapi.server.http.MutationHttpHandler}, one
 * framework-neutral async function from {@link io.mutationapi.server.http.HandlerRequest} to {@link
 * io.mutationapi.server.http.HandlerResponse} that implements every status, header and body of
 * {@code POST /v1/mutations/run}. A binding to an HTTP server or framework only copies the request
 * in and the response out; the embedded default, on Jetty, is {@code MutationHttpServer} in the
 * artifact {@code mutation-api-server-jetty}.
 *
 * <p>HTTP begins here: the handler runs mutations on a {@link
 * io.mutationapi.server.spi.MutationService} and turns its wire-level outcome into a response. It
 * depends on the SPI and core only, never on {@code io.mutationapi.server}, which builds it. Its
 * parts, each in its own file: routing and the order of checks ({@code MutationHttpHandler}),
 * bearer tokens ({@code BearerCredentials}), the content type ({@code ContentType}), the body size
 * limit ({@code LimitedInputStream}), request ids ({@code RequestIds}), idempotency keys ({@code
 * IdempotentRequests}, {@code StoreCalls}), outcome to response ({@code Exchange}), JSON bodies
 * ({@code Bodies}) and the access log ({@code AccessLog}).
 */
package io.mutationapi.server.http;
