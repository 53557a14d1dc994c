/**
 * A fake Salesforce org for tests and demos: {@link
 * io.mutationapi.testing.salesforce.FakeSalesforce} serves the OAuth token endpoint and the REST
 * data API on loopback as Salesforce documents them, with {@link
 * io.mutationapi.testing.salesforce.Fault} for injected failures, {@link
 * io.mutationapi.testing.salesforce.RecordedCall} for what clients sent, and {@link
 * io.mutationapi.testing.salesforce.SalesforceIds} for record ids and their checksums.
 */
package io.mutationapi.testing.salesforce;
