package dev.pollux.core.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pollux.core.http.Response;
import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileCacheTest {

    @TempDir
    Path dir;

    @Test
    void keepsSmallFilesBytesAndOnlyTheStatOfLargeOnes() throws Exception {
        Path small = Files.writeString(dir.resolve("small.txt"), "tiny");
        Path large = Files.write(dir.resolve("large.bin"), new byte[100]);
        FileCache cache = new FileCache(new FileCacheSettings(Duration.ofHours(1), 10, 100));
        ByteBuffer content = cache.lookup(small).content();
        assertEquals("tiny", text(content));
        assertTrue(content.isDirect(), "off the heap: the transports write it without copying it first");
        assertTrue(content.isReadOnly(), "shared by every response that sends it");
        FileInfo info = cache.lookup(large);
        assertNull(info.content());
        assertEquals(100, info.size());
        assertSame(info, cache.lookup(large), "served from the cache while valid");
    }

    @Test
    void seesAChangedFileOnceTheEntryIsNoLongerValid() throws Exception {
        Path file = Files.writeString(dir.resolve("page.html"), "one");
        Files.setLastModifiedTime(file, FileTime.from(Instant.parse("2024-01-01T00:00:00Z")));
        FileCache cache = new FileCache(new FileCacheSettings(Duration.ZERO, 1024, 100));
        FileInfo before = cache.lookup(file);
        Files.writeString(file, "two!");
        FileInfo after = cache.lookup(file);
        assertEquals("two!", text(after.content()));
        assertNotEquals(before.etag(), after.etag());
    }

    @Test
    void reusesUnchangedBytesWhenRechecking() throws Exception {
        Path file = Files.writeString(dir.resolve("page.html"), "same");
        FileCache cache = new FileCache(new FileCacheSettings(Duration.ZERO, 1024, 100));
        assertSame(cache.lookup(file).content(), cache.lookup(file).content());
    }

    @Test
    void cachedBytesStayWholeForTheNextResponseAfterOneIsSent() throws Exception {
        Path file = Files.writeString(dir.resolve("page.html"), "whole");
        FileCache cache = new FileCache(new FileCacheSettings(Duration.ofHours(1), 1024, 100));
        ByteBuf sent = ((Response.Bytes) Response.bytes(HttpResponseStatus.OK, "text/html",
                cache.lookup(file).content()).body()).buffer();
        assertEquals("whole", sent.readCharSequence(sent.readableBytes(), StandardCharsets.UTF_8).toString());
        sent.release();
        assertEquals("whole", text(cache.lookup(file).content()));
    }

    @Test
    void staysWithinMaxEntries() throws Exception {
        FileCache cache = new FileCache(new FileCacheSettings(Duration.ofHours(1), 1024, 2));
        for (int i = 0; i < 5; i++) {
            Path file = Files.writeString(dir.resolve(i + ".txt"), "file " + i);
            assertEquals("file " + i, text(cache.lookup(file).content()));
            assertEquals(Math.min(i + 1, 2), cache.size());
        }
    }

    @Test
    void offMeansEveryLookupAsksTheFileSystem() throws Exception {
        Path file = Files.writeString(dir.resolve("gone.txt"), "x");
        FileCache cache = new FileCache(FileCacheSettings.OFF);
        assertNull(cache.lookup(file).content());
        Files.delete(file);
        assertThrows(NoSuchFileException.class, () -> cache.lookup(file));
    }

    private static String text(ByteBuffer content) {
        return StandardCharsets.UTF_8.decode(content.duplicate()).toString();
    }
}
