package dev.backprobe.report.page;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FormatTest {

  @Test
  void roundsToThreeSignificantDigits() {
    assertThat(Format.number(0.123456)).isEqualTo("0.123");
    assertThat(Format.number(2.418330036726517)).isEqualTo("2.42");
    assertThat(Format.number(-47.06)).isEqualTo("-47.1");
    assertThat(Format.number(12_345.0)).isEqualTo("12300");
  }

  @Test
  void writesWholeNumbersAsTheyAre() {
    assertThat(Format.number(6000.0, 9)).isEqualTo("6000");
    assertThat(Format.number(-42.0)).isEqualTo("-42");
    assertThat(Format.number(999.0)).isEqualTo("999");
    assertThat(Format.number(1000.0)).isEqualTo("1000");
    assertThat(Format.number(1234.0)).isEqualTo("1230");
  }

  @Test
  void dropsTrailingZeros() {
    assertThat(Format.number(0.5)).isEqualTo("0.5");
    assertThat(Format.number(3.0)).isEqualTo("3");
  }

  @Test
  void writesTinyAndHugeNumbersScientifically() {
    assertThat(Format.number(1.580037459796349e-10)).isEqualTo("1.58e-10");
    assertThat(Format.number(-4.9e-324)).isEqualTo("-4.9e-324");
    assertThat(Format.number(2.5e7)).isEqualTo("2.5e7");
    assertThat(Format.number(Double.MAX_VALUE)).isEqualTo("1.8e308");
  }

  @Test
  void roundsTiesOfThePrintedValueToEven() {
    // 0.1235 is stored as 0.12349999999999999866…; the page rounds the value as printed
    assertThat(Format.number(0.1235)).isEqualTo("0.124");
    assertThat(Format.number(0.125)).isEqualTo("0.125");
    assertThat(Format.number(0.1225, 2)).isEqualTo("0.12");
  }

  @Test
  void spellsOutWhatIsNotANumber() {
    assertThat(Format.number(Double.NaN)).isEqualTo("NaN");
    assertThat(Format.number(Double.POSITIVE_INFINITY)).isEqualTo("+Inf");
    assertThat(Format.number(Double.NEGATIVE_INFINITY)).isEqualTo("-Inf");
    assertThat(Format.number(0.0)).isEqualTo("0");
    assertThat(Format.number((Double) null)).isEqualTo("–");
  }
}
