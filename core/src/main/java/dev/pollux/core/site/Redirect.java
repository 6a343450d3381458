package dev.pollux.core.site;

import dev.pollux.core.config.SettingsReader;
import dev.pollux.core.http.PercentEncoding;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * One of mod_alias's {@code Redirect} (a URL-path prefix) or {@code RedirectMatch} (a regular expression on the
 * URL path) rules, in httpd's semantics: the prefix matches whole segments and what follows it is appended to the
 * target; a pattern's groups are substituted for {@code $1} ... {@code $9}; the query string is appended unless
 * the target has one of its own; 410 (Gone) has no target. Immutable; any thread.
 *
 * @param status  301, 302, 303, 307, 308 or 410
 * @param prefix  the URL-path prefix of a {@code redirect}, or {@code null}
 * @param pattern the expression of a {@code redirect-match}, or {@code null}
 * @param target  where to send the client (an absolute URL or an absolute path); {@code null} for 410
 */
public record Redirect(int status, String prefix, Pattern pattern, String target) {

    private static final Pattern ABSOLUTE_URL = Pattern.compile("(?i)[a-z][a-z0-9+.-]*://.+");
    private static final Set<Integer> STATUSES = Set.of(301, 302, 303, 307, 308, 410);

    /** {@code redirect = [ { from = "/old", to = "https://example.com/new", status = 301 } ]}; 302 by default. */
    static Redirect readPrefix(SettingsReader reader) {
        String from = reader.string("from");
        reader.check("from", from.startsWith("/"), "must be a URL path starting with /");
        return read(reader, from.length() > 1 && from.endsWith("/") ? from.substring(0, from.length() - 1) : from,
                null);
    }

    /** {@code redirect-match = [ { pattern = "^/(.*)\\.gif$", to = "/$1.png", status = 302 } ]}. */
    static Redirect readMatch(SettingsReader reader) {
        try {
            return read(reader, null, Pattern.compile(reader.string("pattern")));
        } catch (PatternSyntaxException e) {
            throw reader.invalid("pattern", "must be a Java regular expression: " + e.getDescription());
        }
    }

    private static Redirect read(SettingsReader reader, String prefix, Pattern pattern) {
        int status = reader.has("status") ? reader.intBetween("status", 300, 410) : 302;
        reader.check("status", STATUSES.contains(status), "must be one of " + List.of(301, 302, 303, 307, 308, 410));
        String target = reader.has("to") ? reader.string("to") : null;
        if (status == 410) {
            reader.check("status", target == null, "410 (Gone) takes no 'to'");
        } else {
            reader.check("status", target != null && isUrlOrPath(target),
                    "a redirect needs 'to', an absolute URL or a path starting with /");
        }
        return new Redirect(status, prefix, pattern, target);
    }

    private static boolean isUrlOrPath(String target) {
        return target.startsWith("/") || isAbsoluteUrl(target);
    }

    /** Whether {@code text} is {@code scheme://...} (RFC 3986 §3.1), where a redirect or error document may send. */
    static boolean isAbsoluteUrl(String text) {
        return ABSOLUTE_URL.matcher(text).matches();
    }

    /**
     * Where {@code path} (decoded) is redirected, the query appended; {@code ""} for a matching 410; {@code null}
     * when the rule does not apply.
     */
    String apply(String path, String rawQuery) {
        String location;
        if (prefix != null) {
            if (!path.equals(prefix) && !path.startsWith(prefix.equals("/") ? "/" : prefix + "/")) {
                return null;
            }
            location = target == null ? ""
                    : join(target, escape(path.substring(prefix.equals("/") ? 1 : prefix.length())));
        } else {
            Matcher matcher = pattern.matcher(path);
            if (!matcher.find()) {
                return null;
            }
            location = target == null ? "" : substitute(matcher);
        }
        if (location.isEmpty() || rawQuery.isEmpty() || location.indexOf('?') >= 0) {
            return location;
        }
        return location + '?' + rawQuery;
    }

    /**
     * The decoded path text percent-encoded again where a URL path may not carry it as it is (RFC 3986 §3.3: pchar
     * and "/"; brackets kept too), as httpd escapes what it copies from the request into a Location.
     */
    private static String escape(String decoded) {
        return PercentEncoding.encode(decoded, "-._~!$&'()*+,;=:@/[]");
    }

    private static String join(String target, String rest) {
        if (rest.isEmpty()) {
            return target;
        }
        return target.endsWith("/") && rest.startsWith("/") ? target + rest.substring(1) : target + rest;
    }

    /** {@code $0} ... {@code $9} replaced by the groups (empty when a group did not take part), {@code \$} kept. */
    private String substitute(Matcher matcher) {
        StringBuilder out = new StringBuilder(target.length() + 32);
        for (int i = 0; i < target.length(); i++) {
            char c = target.charAt(i);
            if (c == '$' && i + 1 < target.length() && Character.isDigit(target.charAt(i + 1))) {
                int group = target.charAt(++i) - '0';
                String value = group <= matcher.groupCount() ? matcher.group(group) : null;
                out.append(value == null ? "" : escape(value));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
