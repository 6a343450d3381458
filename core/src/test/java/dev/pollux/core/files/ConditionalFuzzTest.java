package dev.pollux.core.files;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.handler.codec.http.DefaultHttpHeadersFactory;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValidationUtil;
import io.netty.handler.codec.http.HttpHeaders;

/**
 * Fuzzes the conditional-request headers a static GET reads ({@code If-None-Match}, {@code If-Modified-Since}):
 * any value the decoder lets through is answered, never an exception, and a wildcard always matches. The seed
 * corpus is {@code ConditionalFuzzTestInputs/}; every build runs it.
 */
class ConditionalFuzzTest {

    private static final String ETAG = "\"264-660db4f4598a9\"";

    @FuzzTest(maxDuration = "10m")
    void answersAnyValidator(FuzzedDataProvider data) {
        String ifNoneMatch = data.consumeBoolean() ? data.consumeString(200) : null;
        String ifModifiedSince = data.consumeRemainingAsString();
        HttpHeaders headers = DefaultHttpHeadersFactory.headersFactory().newHeaders();
        if (ifNoneMatch != null && isFieldValue(ifNoneMatch)) {
            headers.set(HttpHeaderNames.IF_NONE_MATCH, ifNoneMatch);
        }
        if (isFieldValue(ifModifiedSince)) {
            headers.set(HttpHeaderNames.IF_MODIFIED_SINCE, ifModifiedSince);
        }
        boolean notModified = Conditional.notModified(headers, ETAG, 1_700_000_000_000L);
        if (headers.contains(HttpHeaderNames.IF_NONE_MATCH, "*", false)) {
            assertTrue(notModified, "If-None-Match: * matches any current entity");
        }
    }

    /** What a request can carry: the decoder refuses values with control bytes and trims the rest. */
    private static boolean isFieldValue(String value) {
        return !value.isEmpty() && HttpHeaderValidationUtil.validateValidHeaderValue(value) == -1
                && value.equals(value.trim()) && value.chars().allMatch(c -> c < 0x100);
    }
}
