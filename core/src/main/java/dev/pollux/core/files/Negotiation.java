package dev.pollux.core.files;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;

/**
 * Proactive negotiation (RFC 9110 §12.1) of the two things a static file's variants differ in: the content
 * coding of a precompressed copy ({@code Accept-Encoding}, §12.5.3) and the language of a MultiViews variant
 * ({@code Accept-Language}, §12.5.4), chosen the way httpd's mod_negotiation chooses them.
 *
 * <p>Both headers are lists of a name and an optional weight ({@code ;q=}, §12.4.2), compared without regard to
 * case. An element that does not fit its grammar, weight included ({@code q=1.5}, {@code q=.5}, a fourth
 * decimal, any other parameter), is ignored on its own rather than voiding the header, and empty elements are
 * skipped (§5.6.1.2). Weights are kept in thousandths, which is all the precision §12.4.2 allows, so they
 * compare exactly.
 *
 * <p>Stateless; any thread may call it.
 */
public final class Negotiation {

    private static final int Q_ONE = 1000;
    private static final int NOT_LISTED = -1;

    private Negotiation() {
    }

    /** One list element: the name it gives, lower-cased, and its weight in thousandths. */
    private record Weighted(String name, int q) {
    }

    /**
     * The content coding to send, from {@code available} (in the server's order of preference, e.g.
     * {@code br, gzip}), or null for none (identity).
     *
     * <ul>
     *   <li>No header, or an empty one, is null: httpd's mod_deflate compresses only for a client that asked,
     *       although §12.5.3 would allow any coding when the header is absent.
     *   <li>A coding is acceptable when listed with a weight above 0, or, when not listed, when {@code *} is
     *       (§12.5.3); {@code x-gzip} and {@code x-compress} name {@code gzip} and {@code compress}
     *       (§8.4.1.1, §8.4.1.3). When a coding is listed twice, the first listing counts.
     *   <li>The highest weight wins; a tie goes to the earlier coding in {@code available}.
     *   <li>Identity competes only when it is listed, or {@code *} is: {@code gzip;q=0.5, identity} is
     *       identity, {@code gzip;q=0.5} alone is gzip, and a tie with identity goes to the coding.
     * </ul>
     */
    public static String encoding(String acceptEncoding, List<String> available) {
        if (acceptEncoding == null) {
            return null;
        }
        List<Weighted> accepted = parse(acceptEncoding, Negotiation::isToken);
        String best = null;
        int bestQ = 0;
        for (String coding : available) {
            int q = weightOf(canonicalCoding(coding), accepted);
            if (q > bestQ) {
                best = coding;
                bestQ = q;
            }
        }
        return best != null && bestQ >= weightOf("identity", accepted) ? best : null;
    }

    /**
     * The language tag of the variant to send, as given in {@code variants} (sorted by the caller; e.g.
     * {@code en, fr, pt-br}), or null when {@code Accept-Language} excludes every one of them: the caller answers
     * 406, as mod_negotiation does unless {@code ForceLanguagePriority Fallback} is set. {@code priority} is
     * httpd's {@code LanguagePriority}, possibly empty.
     *
     * <ul>
     *   <li>No header, or one with no valid element, accepts every variant, and the first variant named in
     *       {@code priority} is chosen, else the first variant (httpd applies {@code LanguagePriority} when the
     *       client states no preference).
     *   <li>A language-range matches a tag equal to it or starting with it and a {@code -} (RFC 4647 §3.3.1
     *       basic filtering: {@code en} matches {@code en-gb}); {@code *} matches every tag. A tag takes the
     *       weight of its most specific matching range, so {@code en, en-gb;q=0} excludes {@code en-gb}; a tag
     *       no range matches is excluded, as is one weighted 0.
     *   <li>The highest weight wins. A tie goes to the variant earlier in {@code priority}, as httpd's default
     *       {@code ForceLanguagePriority Prefer} resolves it instead of answering 300; then to the range earlier
     *       in the header, as mod_negotiation favours the language the client listed first; then to the earlier
     *       variant.
     * </ul>
     */
    public static String language(String acceptLanguage, List<String> variants, List<String> priority) {
        List<Weighted> ranges = acceptLanguage == null ? List.of() : parse(acceptLanguage, Negotiation::isRange);
        Score best = null;
        for (String variant : variants) {
            Score score = ranges.isEmpty() ? new Score(variant, Q_ONE, rank(variant, priority), 0)
                    : score(variant, ranges, priority);
            if (score.q() > 0 && (best == null || score.beats(best))) {
                best = score;
            }
        }
        return best == null ? null : best.tag();
    }

    /**
     * How a variant fares: its weight, its place in {@code LanguagePriority} (the list's size when absent) and
     * the place in the header of the range that gave it the weight.
     */
    private record Score(String tag, int q, int priority, int position) {

        boolean beats(Score other) {
            if (q != other.q) {
                return q > other.q;
            }
            if (priority != other.priority) {
                return priority < other.priority;
            }
            return position < other.position;
        }
    }

    private static Score score(String variant, List<Weighted> ranges, List<String> priority) {
        String tag = variant.toLowerCase(Locale.ROOT);
        int position = -1;
        int specificity = -1;
        for (int i = 0; i < ranges.size(); i++) {
            String range = ranges.get(i).name();
            boolean matches = range.equals("*") || tag.equals(range)
                    || tag.startsWith(range) && tag.charAt(range.length()) == '-';
            // The ranges that match one tag are prefixes of each other, so the longest is the most specific.
            int rangeSpecificity = range.equals("*") ? 0 : range.length();
            if (matches && rangeSpecificity > specificity) {
                position = i;
                specificity = rangeSpecificity;
            }
        }
        int q = position < 0 ? 0 : ranges.get(position).q();
        return new Score(variant, q, rank(variant, priority), position);
    }

    private static int rank(String variant, List<String> priority) {
        for (int i = 0; i < priority.size(); i++) {
            if (priority.get(i).equalsIgnoreCase(variant)) {
                return i;
            }
        }
        return priority.size();
    }

    /** The weight {@code accepted} gives {@code coding}: its own listing, else {@code *}'s, else not listed. */
    private static int weightOf(String coding, List<Weighted> accepted) {
        int wildcard = NOT_LISTED;
        for (Weighted element : accepted) {
            String name = canonicalCoding(element.name());
            if (name.equals(coding)) {
                return element.q();
            }
            if (name.equals("*") && wildcard == NOT_LISTED) {
                wildcard = element.q();
            }
        }
        return wildcard;
    }

    private static String canonicalCoding(String coding) {
        String lower = coding.toLowerCase(Locale.ROOT);
        return lower.equals("x-gzip") || lower.equals("x-compress") ? lower.substring(2) : lower;
    }

    /** The valid elements of {@code #( name [ weight ] )}, in the header's order. */
    private static List<Weighted> parse(String header, Predicate<String> validName) {
        List<Weighted> elements = new ArrayList<>();
        for (String element : header.split(",", -1)) {
            int semicolon = element.indexOf(';');
            String name = trimOws(semicolon < 0 ? element : element.substring(0, semicolon));
            int q = semicolon < 0 ? Q_ONE : qvalue(trimOws(element.substring(semicolon + 1)));
            if (q >= 0 && validName.test(name)) {
                elements.add(new Weighted(name.toLowerCase(Locale.ROOT), q));
            }
        }
        return elements;
    }

    /**
     * The weight in thousandths of {@code q=qvalue}, the parameter name in any case, or -1 when it is not one:
     * {@code qvalue = ( "0" [ "." 0*3DIGIT ] ) / ( "1" [ "." 0*3("0") ] )} (§12.4.2).
     */
    private static int qvalue(String parameter) {
        if (parameter.length() < 3 || parameter.length() > 7 || !parameter.regionMatches(true, 0, "q=", 0, 2)) {
            return -1;
        }
        char units = parameter.charAt(2);
        if ((units != '0' && units != '1') || (parameter.length() > 3 && parameter.charAt(3) != '.')) {
            return -1;
        }
        int q = (units - '0') * Q_ONE;
        int scale = Q_ONE / 10;
        for (int i = 4; i < parameter.length(); i++, scale /= 10) {
            char digit = parameter.charAt(i);
            if (digit < '0' || digit > '9') {
                return -1;
            }
            q += (digit - '0') * scale;
        }
        return q <= Q_ONE ? q : -1;
    }

    /** {@code token} (RFC 9110 §5.6.2), which covers the codings, {@code identity} and {@code *}. */
    private static boolean isToken(String name) {
        return !name.isEmpty() && name.chars().allMatch(c -> c < 0x80 && (Character.isLetterOrDigit(c)
                || "!#$%&'*+-.^_`|~".indexOf(c) >= 0));
    }

    /** {@code language-range} of RFC 4647 §2.1: {@code "*"} or {@code 1*8ALPHA *("-" 1*8alphanum)}. */
    private static boolean isRange(String name) {
        if (name.equals("*")) {
            return true;
        }
        String[] subtags = name.split("-", -1);
        for (int i = 0; i < subtags.length; i++) {
            String subtag = subtags[i];
            boolean first = i == 0;
            if (subtag.isEmpty() || subtag.length() > 8
                    || !subtag.chars().allMatch(c -> c < 0x80 && (first ? Character.isLetter(c)
                            : Character.isLetterOrDigit(c)))) {
                return false;
            }
        }
        return true;
    }

    /** {@code value} without leading and trailing OWS (SP and HTAB, RFC 9110 §5.6.3). */
    private static String trimOws(String value) {
        int from = 0;
        int to = value.length();
        while (from < to && (value.charAt(from) == ' ' || value.charAt(from) == '\t')) {
            from++;
        }
        while (to > from && (value.charAt(to - 1) == ' ' || value.charAt(to - 1) == '\t')) {
            to--;
        }
        return value.substring(from, to);
    }
}
