package dev.pollux.status;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * APR's {@code %g}, {@code %.3g} and {@code %.Nf}. Every expected string below was printed by libapr 1.7.2's
 * {@code apr_snprintf} for the same double (the ratios computed in float first, as mod_status computes them).
 */
class AprFormatTest {

    record Case(String name, double value, String expected) {
        @Override
        public String toString() {
            return name + " -> " + expected;
        }
    }

    static Stream<Case> general() {
        return Stream.of(
                new Case("zero", 0, "0"),
                new Case("one", 1, "1"),
                new Case("integer with zeros", 10000, "10000"),
                new Case("six digits", 123456, "123456"),
                new Case("seven digits rounded, padded", 1234567, "1234570"),
                new Case("five padding zeros go exponential", 100000, "1.e+5"),
                new Case("one digit keeps its point", 30_000_000, "3.e+7"),
                new Case("exponent not zero-padded", 35_000_000, "3.5e+7"),
                new Case("large", 123456789012.0, "1.23457e+11"),
                new Case("no leading zero", (float) 72767 / (float) 620360, ".117298"),
                new Case("tenth", 0.1, ".1"),
                new Case("1e-4 stays positional", 0.0001, ".0001"),
                new Case("below 1e-4 goes exponential", 0.00001, "1.e-5"),
                new Case("ReqPerSec", (float) 620360 / (float) 176, "3524.77"),
                new Case("BytesPerSec padded", 1024 * (float) 2585002 / (float) 176, "15040000"),
                new Case("BytesPerReq", 1024 * (float) 2585002 / (float) 620360, "4266.95"),
                new Case("CPULoad", (float) 3003 / 100f / (float) 176 * 100., "17.0625"),
                new Case("CPU seconds from ticks", (float) 633 / 100f, "6.33"),
                new Case("negative", -1.5, "-1.5"),
                new Case("carry into a new digit", 9999995, "1.e+7"));
    }

    @ParameterizedTest
    @MethodSource("general")
    void formatsLikeAprPercentG(Case c) {
        assertEquals(c.expected(), AprFormat.g(c.value()));
    }

    static Stream<Case> threeDigits() {
        return Stream.of(
                new Case("requests/sec below one", (float) 3 / (float) 176, ".017"),
                new Case("rounds half up", 0.125, ".125"),
                new Case("drops digits", 123456, "123000"),
                new Case("cpu load", (float) 853 / 100f / (float) 176 * 100., "4.85"),
                new Case("exponential", 4294967296.0, "4.29e+9"));
    }

    @ParameterizedTest
    @MethodSource("threeDigits")
    void formatsLikeAprPercentPoint3G(Case c) {
        assertEquals(c.expected(), AprFormat.g(c.value(), 3));
    }

    static Stream<Case> twoDecimals() {
        return Stream.of(
                new Case("zero", 0, "0.00"),
                new Case("tie rounds up, unlike glibc", 0.125, "0.13"),
                new Case("digits below the tie round down", 0.995, "0.99"),
                new Case("carry out of the last kept digit", 0.005, "0.01"),
                new Case("too small", 0.00001, "0.00"),
                new Case("integer", 100000, "100000.00"),
                new Case("load", 3.56, "3.56"),
                new Case("negative", -1.5, "-1.50"));
    }

    @ParameterizedTest
    @MethodSource("twoDecimals")
    void formatsLikeAprPercentPoint2F(Case c) {
        assertEquals(c.expected(), AprFormat.f(c.value(), 2));
    }

    static Stream<Case> oneDecimal() {
        return Stream.of(
                new Case("kB", (float) 5 * 1024 / 1024, "5.0"),
                new Case("rounds up to a new integer digit", 9.995, "10.0"),
                new Case("half", 0.05, "0.1"));
    }

    @ParameterizedTest
    @MethodSource("oneDecimal")
    void formatsLikeAprPercentPoint1F(Case c) {
        assertEquals(c.expected(), AprFormat.f(c.value(), 1));
    }

    @ParameterizedTest
    @MethodSource("nonFinite")
    void writesNonFiniteValuesAsAprPercentFDoes(Case c) {
        assertEquals(c.expected(), AprFormat.g(c.value()));
        assertEquals(c.expected(), AprFormat.f(c.value(), 2));
    }

    static Stream<Case> nonFinite() {
        return Stream.of(new Case("nan", Double.NaN, "nan"), new Case("inf", Double.POSITIVE_INFINITY, "inf"),
                new Case("-inf", Double.NEGATIVE_INFINITY, "-inf"));
    }
}
