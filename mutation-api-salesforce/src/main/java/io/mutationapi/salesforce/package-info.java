/**
 * {@link io.mutationapi.salesforce.SalesforceUpstream}: an upstream that writes Mutation API
 * requests to Salesforce through sObject Collections, with OAuth 2.0 sessions, Salesforce's
 * failures mapped to the API's errors, and the org's API usage ({@link
 * io.mutationapi.salesforce.ApiUsage}).
 *
 * <p>Everything else in this package is package-private: the token source (single-flight refresh),
 * the calls and their retries, request bodies, answer parsing and error mapping, the read-back with
 * its describe cache, and the choice of {@code updated_idx}.
 */
package io.mutationapi.salesforce;
