package dev.pollux.core.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DirectoryListingTest {

    private static final Pattern LINK = Pattern.compile("<td><a href=\"([^\"]*)\">");

    @TempDir
    Path dir;

    private static List<String> links(String html) {
        List<String> links = new ArrayList<>();
        Matcher matcher = LINK.matcher(html);
        while (matcher.find()) {
            links.add(matcher.group(1));
        }
        return links;
    }

    @Test
    void hostileNamesAreEscapedInTextAndEncodedInLinks() throws Exception {
        List<String> names = List.of("<script>alert(1)<b>.html", "a&b.txt", "quote\"s.txt", "100%.txt",
                "question?.txt", "hash#.txt", "a b.txt", "é.txt", "colon:x.txt");
        for (String name : names) {
            Files.writeString(dir.resolve(name), "x");
        }
        Files.writeString(dir.resolve(".htaccess"), "secret");
        String html = DirectoryListing.render(dir, "/d/", "");
        assertFalse(html.contains("<script>"), html);
        assertFalse(html.contains(".htaccess"), html);
        assertTrue(html.contains("a&amp;b.txt"), html);
        List<String> decoded = new ArrayList<>();
        for (String href : links(html)) {
            if (!href.equals("../")) {
                decoded.add(Path.of(new URI("http://x/d/" + href).getPath()).getFileName().toString());
            }
        }
        assertEquals(names.stream().sorted().toList(), decoded.stream().sorted().toList());
    }

    @Test
    void foldersComeFirstAndTheQueryChoosesTheOrder() throws Exception {
        Files.createDirectory(dir.resolve("zdir"));
        Files.write(dir.resolve("big.bin"), new byte[5 * 1024 * 1024]);
        Files.write(dir.resolve("mid.bin"), new byte[1500]);
        Files.write(dir.resolve("a.bin"), new byte[0]);
        Files.setLastModifiedTime(dir.resolve("a.bin"), FileTime.fromMillis(1_000_000_000_000L));
        assertEquals(List.of("../", "zdir/", "a.bin", "big.bin", "mid.bin"),
                links(DirectoryListing.render(dir, "/d/", "")));
        assertEquals(List.of("../", "zdir/", "big.bin", "mid.bin", "a.bin"),
                links(DirectoryListing.render(dir, "/d/", "C=S;O=D")));
        assertEquals("a.bin", links(DirectoryListing.render(dir, "/d/", "C=M&O=A")).get(2));
        assertEquals(List.of("zdir/", "a.bin", "big.bin", "mid.bin"), links(DirectoryListing.render(dir, "/", "x")),
                "no parent at the root; a bad query sorts by name");
        String html = DirectoryListing.render(dir, "/d/", "");
        assertTrue(html.contains(">5.0M<") && html.contains(">1.5K<") && html.contains(">0<"), html);
    }

    @Test
    void sizesAreShortAsHttpdWritesThem() {
        assertEquals("-", DirectoryListing.size(-1));
        assertEquals("1023", DirectoryListing.size(1023));
        assertEquals("1.0K", DirectoryListing.size(1024));
        assertEquals("2.0G", DirectoryListing.size(2L << 30));
    }
}
