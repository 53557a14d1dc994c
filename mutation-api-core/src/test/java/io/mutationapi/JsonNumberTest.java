package io.mutationapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JsonNumberTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "0",
        "-0",
        "7",
        "-7",
        "10",
        "0.0",
        "-0.0",
        "0.1",
        "3.14159",
        "1e5",
        "1E5",
        "1e+5",
        "1E-5",
        "0e0",
        "-0.5e-10",
        "12345678901234567890",
        "1e400",
        "123.456e789"
      })
  void parse_acceptsTheJsonGrammarAndKeepsTheText(String text) {
    JsonNumber number = JsonNumber.parse(text);

    assertThat(number.text()).isEqualTo(text);
    assertThat(number).hasToString(text);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "-",
        "+1",
        "01",
        "-01",
        "00",
        "1.",
        ".1",
        "-.1",
        "1e",
        "1e+",
        "1E-",
        "1.e5",
        "NaN",
        "Infinity",
        "-Infinity",
        "0x10",
        " 1",
        "1 ",
        "1_000",
        "--1",
        "1.2.3",
        "1e5.0",
        "1f",
        "1d",
        "1L",
        "\u0661",
        "\uff11",
        "e5"
      })
  void parse_rejectsWhatJsonDoesNotAllow(String text) {
    assertThatThrownBy(() -> JsonNumber.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("not a JSON number: " + text);
  }

  @Test
  void parse_null_isRejected() {
    assertThatThrownBy(() -> JsonNumber.parse(null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("not a JSON number: null");
  }

  @ParameterizedTest
  @ValueSource(doubles = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY})
  void ofDouble_nanOrInfinity_isRejected(double value) {
    assertThatThrownBy(() -> JsonNumber.of(value))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("JSON has no representation for " + value);
  }

  @Test
  void ofFloat_nanOrInfinity_isRejected() {
    assertThatThrownBy(() -> JsonNumber.of(Float.NaN)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> JsonNumber.of(Float.NEGATIVE_INFINITY))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void of_keepsIntegersAndDecimalsExactly() {
    assertThat(JsonNumber.of(Long.MAX_VALUE).text()).isEqualTo("9223372036854775807");
    assertThat(JsonNumber.of(Long.MIN_VALUE).text()).isEqualTo("-9223372036854775808");
    assertThat(JsonNumber.of(42).text()).isEqualTo("42");
    assertThat(JsonNumber.of((short) -3).text()).isEqualTo("-3");
    assertThat(JsonNumber.of((byte) 8).text()).isEqualTo("8");
    assertThat(JsonNumber.of(new BigInteger("123456789012345678901234567890")).text())
        .isEqualTo("123456789012345678901234567890");
    assertThat(JsonNumber.of(new BigDecimal("0.10")).text()).isEqualTo("0.10");
    assertThat(JsonNumber.of(new BigDecimal("1E+3")).text()).isEqualTo("1E+3");
    assertThat(JsonNumber.of(new BigDecimal("-1.5E-7")).text()).isEqualTo("-1.5E-7");
    assertThat(JsonNumber.of(new AtomicLong(5)).text()).isEqualTo("5");
  }

  @Test
  void of_doubleAndFloat_useTheirShortestText() {
    assertThat(JsonNumber.of(0.1d).text()).isEqualTo("0.1");
    assertThat(JsonNumber.of(0.1f).text()).isEqualTo("0.1");
    assertThat(JsonNumber.of(-0.0d).text()).isEqualTo("-0.0");
    assertThat(JsonNumber.of(1e20).text()).isEqualTo("1.0E20");
    assertThat(JsonNumber.of(1e-7).bigDecimalValue()).isEqualByComparingTo("1e-7");
  }

  @Test
  void of_jsonNumber_returnsTheSameInstance() {
    JsonNumber n = JsonNumber.parse("1.50");

    assertThat(JsonNumber.of(n)).isSameAs(n);
  }

  @Test
  void equality_isByTextNotByValue() {
    assertThat(JsonNumber.parse("1.0")).isNotEqualTo(JsonNumber.parse("1"));
    assertThat(JsonNumber.parse("1e2")).isNotEqualTo(JsonNumber.parse("100"));
    assertThat(JsonNumber.parse("0.10")).isEqualTo(JsonNumber.parse("0.10"));
    assertThat(JsonNumber.parse("0.10")).hasSameHashCodeAs(JsonNumber.parse("0.10"));
    assertThat(JsonNumber.parse("1.0")).isEqualByComparingTo(JsonNumber.parse("1"));
    assertThat(JsonNumber.parse("1e2").compareTo(JsonNumber.parse("99"))).isPositive();
  }

  @Test
  void numericViews_areExactWhereTheTypeAllows() {
    JsonNumber big = JsonNumber.parse("12345678901234567890.000000001");

    assertThat(big.bigDecimalValue()).isEqualTo(new BigDecimal("12345678901234567890.000000001"));
    assertThat(big.isIntegral()).isFalse();
    assertThat(JsonNumber.parse("-9223372036854775808").longValue()).isEqualTo(Long.MIN_VALUE);
    assertThat(JsonNumber.parse("1e3").longValue()).isEqualTo(1000L);
    assertThat(JsonNumber.parse("1e3").isIntegral()).isFalse();
    assertThat(JsonNumber.parse("42").intValue()).isEqualTo(42);
    assertThat(JsonNumber.parse("0.1").doubleValue()).isEqualTo(0.1d);
    assertThat(JsonNumber.parse("1e400").doubleValue()).isInfinite();
  }
}
