/**
 * An upstream that writes Mutation API requests to Salesforce: sObject Collections calls over
 * OkHttp's asynchronous API, OAuth 2.0 (client credentials, JWT bearer or a static token) with one
 * shared refresh, Salesforce's answers mapped to the API's errors, and the org's API usage tracked
 * from every answer.
 *
 * <p>Start at {@link io.mutationapi.salesforce.SalesforceUpstream#builder()}, and register the
 * upstream on {@code io.mutationapi.server.MutationServer.Builder#sync}.
 *
 * <p>OkHttp types appear in the public API only where a caller supplies their own {@code
 * OkHttpClient}.
 */
module io.mutationapi.salesforce {
  requires transitive io.mutationapi.server;
  requires transitive okhttp3;
  requires org.slf4j;

  exports io.mutationapi.salesforce;
}
