package io.mutationapi.salesforce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.KeyPairGenerator;
import org.junit.jupiter.api.Test;

class SalesforceUpstreamBuilderTest {

  @Test
  void build_withoutCredentials_namesTheThreeWays() {
    assertThatThrownBy(() -> SalesforceUpstream.builder().build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("clientCredentials(clientId, clientSecret)")
        .hasMessageContaining("jwtBearer(clientId, username, privateKey)")
        .hasMessageContaining("accessToken(token, instanceUrl)");
  }

  @Test
  void build_twoKindsOfCredentials_isRefused() {
    assertThatThrownBy(
            () ->
                SalesforceUpstream.builder()
                    .clientCredentials("id", "secret")
                    .accessToken("token", "https://x.my.salesforce.com"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("call only one of clientCredentials, jwtBearer and accessToken");
  }

  @Test
  void build_badLoginUrl_namesAnExample() {
    assertThatThrownBy(
            () ->
                SalesforceUpstream.builder()
                    .loginUrl("login.salesforce.com")
                    .clientCredentials("id", "secret")
                    .build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("e.g. https://login.salesforce.com");
  }

  @Test
  void apiVersion_withV_isRefusedWithTheForm() {
    assertThatThrownBy(() -> SalesforceUpstream.builder().apiVersion("v62.0"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("\"62.0\"");
  }

  @Test
  void externalIdField_onUnmappableCollection_namesCollectionCall() {
    assertThatThrownBy(
            () ->
                SalesforceUpstream.builder()
                    .clientCredentials("id", "secret")
                    .externalIdField("invoices", "Ext__c")
                    .build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("collection(\"invoices\", \"<sObject>\")");
  }

  @Test
  void throttleAbove_outOfRange_isRefused() {
    assertThatThrownBy(() -> SalesforceUpstream.builder().throttleAbove(90))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("0.9");
  }

  @Test
  void jwtBearer_nonRsaKey_isRefused() throws Exception {
    KeyPairGenerator ec = KeyPairGenerator.getInstance("EC");
    assertThatThrownBy(
            () ->
                SalesforceUpstream.builder()
                    .jwtBearer("id", "user@example.com", ec.generateKeyPair().getPrivate()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("RSA");
  }

  @Test
  void toString_neverShowsSecretOrToken() {
    String withSecret =
        SalesforceUpstream.builder()
            .clientCredentials("the-client-id", "s3cr3t-value")
            .build()
            .toString();
    String withToken =
        SalesforceUpstream.builder()
            .accessToken("00Dtoken!value", "https://x.my.salesforce.com")
            .build()
            .toString();
    assertThat(withSecret).contains("the-client-id").doesNotContain("s3cr3t-value");
    assertThat(withToken).doesNotContain("00Dtoken!value").contains("redacted");
  }

  @Test
  void capabilities_areAtomicNonBlockingAnd200() {
    SalesforceUpstream upstream =
        SalesforceUpstream.builder().clientCredentials("id", "secret").build();
    assertThat(upstream.isAtomic()).isTrue();
    assertThat(upstream.isNonBlocking()).isTrue();
    assertThat(upstream.maxBatchSize()).isEqualTo(200);
    assertThat(upstream.apiUsage()).isEmpty();
  }

  @Test
  void kind_isSalesforce_theManagementApisProvider() {
    SalesforceUpstream upstream =
        SalesforceUpstream.builder().accessToken("token", "https://x.my.salesforce.com").build();

    assertThat(upstream.kind()).isEqualTo("salesforce");
  }
}
