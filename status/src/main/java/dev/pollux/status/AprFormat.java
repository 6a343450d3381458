package dev.pollux.status;

/**
 * Numbers formatted the way httpd's {@code ap_rprintf} formats them: APR's own {@code apr_vformatter}, not the C
 * library's {@code printf}. Its {@code %g} differs from C's in ways parsers of {@code ?auto} have come to see:
 * no leading {@code 0} below one ({@code .117298}), an exponent without zero padding ({@code 3.5e+7}), and a
 * point left before it when one digit remains ({@code 3.e+7}). Rounding is half-up on digits produced by
 * repeated multiplication by ten, as APR's {@code apr_cvt} (from UNIX V7) does; the digit generation below
 * performs the same IEEE double operations so that every output byte matches.
 *
 * <p>mod_status computes most of its ratios in single precision; callers do the same ({@code (float) a /
 * (float) b}) and pass the widened value, as C's varargs do. Pure functions, safe from any thread.
 */
final class AprFormat {

    /** APR's {@code NDIG}: the digit buffer, so at most 78 digits are ever produced. */
    private static final int MAX_DIGITS = 80;
    /** {@code %g} without a precision: APR's {@code FLOAT_DIGITS}. */
    private static final int DEFAULT_PRECISION = 6;

    private AprFormat() {
    }

    /** {@code %g}: six significant digits. */
    static String g(double value) {
        return g(value, DEFAULT_PRECISION);
    }

    /**
     * {@code %.Ng}: {@code precision} significant digits, trailing zeros dropped, exponent form when the
     * decimal exponent is below -4 or more than four zeros would pad the digits. Not-a-number and infinities,
     * which APR's {@code %g} mangles, come out as its {@code %f} writes them: {@code nan}, {@code inf}.
     */
    static String g(double value, int precision) {
        if (!Double.isFinite(value)) {
            return nonFinite(value);
        }
        Digits d = digits(value, Math.max(1, precision), true);
        int significant = Math.max(1, precision);
        while (significant > 1 && d.text.charAt(significant - 1) == '0') {
            significant--;
        }
        StringBuilder out = new StringBuilder(16);
        if (d.negative) {
            out.append('-');
        }
        int point = d.point;
        if ((point >= 0 && point - significant > 4) || point < -3) {
            exponential(out, d.text, significant, point - 1);
        } else {
            positional(out, d.text, significant, point);
        }
        if (out.charAt(out.length() - 1) == '.') {
            out.setLength(out.length() - 1);
        }
        return out.toString();
    }

    /** {@code %.Nf}: {@code decimals} digits after the point, always a digit before it. */
    static String f(double value, int decimals) {
        if (!Double.isFinite(value)) {
            return nonFinite(value);
        }
        Digits d = digits(value, decimals, false);
        StringBuilder out = new StringBuilder(24);
        if (d.negative) {
            out.append('-');
        }
        int point = d.point;
        int next = 0;
        if (point <= 0) {
            out.append('0');
            if (decimals > 0) {
                out.append('.');
                for (; point < 0; point++) {
                    out.append('0');
                }
            }
        } else {
            out.append(d.text, 0, point);
            next = point;
            if (decimals > 0) {
                out.append('.');
            }
        }
        out.append(d.text, next, d.text.length());
        return out.toString();
    }

    private static String nonFinite(double value) {
        return Double.isNaN(value) ? "nan" : value > 0 ? "inf" : "-inf";
    }

    /** {@code d.ddde+X}: the exponent has as many digits as it needs, no padding. */
    private static void exponential(StringBuilder out, String digits, int significant, int exponent) {
        out.append(digits.charAt(0)).append('.').append(digits, 1, significant).append('e');
        out.append(exponent < 0 ? '-' : '+').append(Math.abs(exponent));
    }

    /** {@code ddd.ddd}, or {@code .000ddd} below one: APR writes no zero before the point. */
    private static void positional(StringBuilder out, String digits, int significant, int point) {
        if (point <= 0) {
            if (digits.charAt(0) != '0') {
                out.append('.');
            }
            for (int i = point; i < 0; i++) {
                out.append('0');
            }
        }
        for (int i = 1; i <= significant; i++) {
            out.append(digits.charAt(i - 1));
            if (i == point) {
                out.append('.');
            }
        }
        for (int i = significant; i < point; i++) {
            out.append('0');
        }
        if (significant < point) {
            out.append('.');
        }
    }

    /**
     * Decimal digits of {@code |value|} and the position of the decimal point relative to the first digit.
     * With {@code significantDigits}, exactly {@code count} digits; otherwise {@code count} digits after the
     * point (all of them before it), possibly none when the value rounds to zero.
     */
    static Digits digits(double value, int count, boolean significantDigits) {
        int ndigits = Math.min(count, MAX_DIGITS - 2);
        boolean negative = value < 0;
        double fraction = Math.abs(value);
        double integer = Math.floor(fraction);
        fraction -= integer;
        char[] buf = new char[MAX_DIGITS];
        int length = 0;
        int exponent = 0;
        if (integer != 0) {
            char[] reversed = new char[MAX_DIGITS];
            int start = MAX_DIGITS;
            while (start > 0 && integer != 0) {
                double tenth = integer / 10;
                integer = Math.floor(tenth);
                // APR's 0.03 guards the truncation against a tenth such as 0.29999999.
                reversed[--start] = (char) ((int) ((tenth - integer + .03) * 10) + '0');
                exponent++;
            }
            length = MAX_DIGITS - start;
            System.arraycopy(reversed, start, buf, 0, length);
        } else if (fraction > 0) {
            double scaled;
            while ((scaled = fraction * 10) < 1) {
                fraction = scaled;
                exponent--;
            }
        }
        int last = ndigits + (significantDigits ? 0 : exponent);
        if (last < 0) {
            return new Digits("", -ndigits, negative);
        }
        while (length <= last && length < MAX_DIGITS) {
            fraction *= 10;
            double digit = Math.floor(fraction);
            fraction -= digit;
            buf[length++] = (char) ((int) digit + '0');
        }
        if (last >= MAX_DIGITS) {
            return new Digits(new String(buf, 0, MAX_DIGITS - 1), exponent, negative);
        }
        return roundHalfUp(buf, last, exponent, negative, significantDigits);
    }

    /** Adds 5 to the digit after the last kept one and carries; a carry out of the first digit moves the point. */
    private static Digits roundHalfUp(char[] buf, int last, int exponent, boolean negative, boolean significant) {
        int end = last;
        int at = last;
        buf[at] += 5;
        while (buf[at] > '9') {
            buf[at] = '0';
            if (at > 0) {
                buf[--at]++;
            } else {
                buf[at] = '1';
                exponent++;
                if (!significant) {
                    if (end > 0) {
                        buf[end] = '0';
                    }
                    end++;
                }
            }
        }
        return new Digits(new String(buf, 0, end), exponent, negative);
    }

    /**
     * The digits of a number.
     *
     * @param text     the digits, most significant first
     * @param point    where the decimal point goes: after {@code point} digits, or {@code -point} zeros before
     * @param negative whether a minus sign precedes them
     */
    record Digits(String text, int point, boolean negative) {
    }
}
