package io.mutationapi.testing.salesforce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SalesforceIdsTest {
  @Test
  void checksum_ofDocumentedIds_matchesTheirSuffix() {
    for (String id :
        new String[] {
          "001D000000IqhSLIAZ", "001xx000003DGb2AAG", "003xx000004TmiQAAS", "001RM000003oLrHYAU"
        }) {
      assertThat(SalesforceIds.checksum(id.substring(0, 15))).isEqualTo(id.substring(15));
      assertThat(SalesforceIds.isValid(id)).isTrue();
    }
    assertThat(SalesforceIds.checksum("a0RE000000IJmcN")).isEqualTo("MAT");
    assertThat(SalesforceIds.checksum("aBcDEfgHIJKLMNO")).isEqualTo("025");
  }

  @Test
  void to18_of15Characters_appendsChecksum_andKeeps18() {
    assertThat(SalesforceIds.to18("001D000000IqhSL")).isEqualTo("001D000000IqhSLIAZ");
    assertThat(SalesforceIds.to18("001D000000IqhSLIAZ")).isEqualTo("001D000000IqhSLIAZ");
  }

  @Test
  void isValid_whenChecksumWrongOrLengthOdd_isFalse() {
    assertThat(SalesforceIds.isValid("001D000000IqhSLAAA")).isFalse();
    assertThat(SalesforceIds.isValid("001D000000IqhS")).isFalse();
    assertThat(SalesforceIds.isValid("001D000000Iqh-LIAZ")).isFalse();
    assertThatThrownBy(() -> SalesforceIds.to18("001D000000IqhSLAAA"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("malformed id 001D000000IqhSLAAA");
  }

  @Test
  void make_givesValid18CharacterIdsWithThePrefix() {
    for (long n = 0; n < 5000; n += 7) {
      String id = SalesforceIds.make("003", 2_000_000_000L + n * 7919);
      assertThat(id).hasSize(18).startsWith("003");
      assertThat(SalesforceIds.isValid(id)).isTrue();
    }
  }
}
