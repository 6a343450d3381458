package dev.pollux.core.http;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Fuzzes the mapping of a request path onto the document root, as
 * {@link dev.pollux.core.files.StaticFileHandler} resolves it: every
 * path is refused or lands inside the root, and no segment can climb, name the current directory or carry a
 * separator. The seed corpus is {@code RequestPathFuzzTestInputs/}; every build runs it.
 */
class RequestPathFuzzTest {

    private static final Path ROOT = Path.of("/srv/www");

    @FuzzTest(maxDuration = "10m")
    void neverLeavesTheDocumentRoot(byte[] input) {
        String rawPath = new String(input, StandardCharsets.ISO_8859_1);
        RequestPath path;
        try {
            path = RequestPath.parse(rawPath);
        } catch (RequestException refused) {
            int status = refused.status().code();
            assertTrue(status == 400 || status == 404, rawPath + " -> " + status);
            return;
        }
        Path target = ROOT;
        for (String segment : path.segments()) {
            assertFalse(segment.isEmpty() || segment.equals(".") || segment.equals(".."), rawPath);
            assertTrue(segment.chars().noneMatch(c -> c == '/' || c == '\\' || c < 0x20 || c == 0x7f), rawPath);
            target = target.resolve(segment);
        }
        assertTrue(target.normalize().startsWith(ROOT) && target.normalize().equals(target), rawPath + " -> " + target);
    }
}
