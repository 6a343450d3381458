package dev.pollux.core.files;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MimeTypesTest {

    private static final MimeTypes SAMPLE = MimeTypes.parse(List.of(
            "# This file maps Internet media types to unique file extension(s).",
            "",
            "   ",
            "text/html\thtml htm",
            "text/plain                      txt  # trailing comment",
            "image/jpeg  JPEG jpg jpe",
            "application/vnd.example.noext",
            "#image/png png",
            "  text/css   css  "));

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "index.html,    text/html",
        "page.htm,      text/html",
        "notes.txt,     text/plain",
        "photo.jpg,     image/jpeg",
        "photo.jpe,     image/jpeg",
        "photo.jpeg,    image/jpeg",
        "style.css,     text/css",
    })
    void mapsEveryExtensionOfALine(String fileName, String type) {
        assertEquals(type, SAMPLE.typeOf(fileName));
    }

    @Test
    void matchesExtensionsCaseInsensitively() {
        assertEquals("text/html", SAMPLE.typeOf("INDEX.HTML"));
        assertEquals("image/jpeg", SAMPLE.typeOf("photo.JpG"));
        assertEquals("image/jpeg", SAMPLE.typeOf("photo.jpeg"), "listed as JPEG in the file");
    }

    @Test
    void usesTheLastExtension() {
        assertEquals("text/css", SAMPLE.typeOf("archive.html.css"));
        assertEquals("text/html", SAMPLE.typeOf("archive.css.html"));
    }

    @Test
    void ignoresCommentedOutLines() {
        assertEquals(MimeTypes.DEFAULT_TYPE, SAMPLE.typeOf("image.png"));
    }

    @Test
    void commentTextAfterATypeIsNotAnExtension() {
        assertEquals(MimeTypes.DEFAULT_TYPE, SAMPLE.typeOf("x.comment"));
        assertEquals(MimeTypes.DEFAULT_TYPE, SAMPLE.typeOf("x.trailing"));
    }

    @Test
    void typeWithoutExtensionsMapsNothing() {
        assertEquals(MimeTypes.DEFAULT_TYPE, SAMPLE.typeOf("x.noext"));
        assertEquals(MimeTypes.DEFAULT_TYPE, SAMPLE.typeOf("x.application/vnd.example.noext"));
    }

    @ParameterizedTest(name = "\"{0}\"")
    @CsvSource({"file.unknown", "README", "trailing.", "'.'", "''"})
    void answersOctetStreamWhenNotListed(String fileName) {
        assertEquals("application/octet-stream", SAMPLE.typeOf(fileName));
    }

    @Test
    void dotFileWithListedNameUsesItAsExtension() {
        // The extension is whatever follows the last dot, even in a name that starts with it.
        assertEquals("text/html", SAMPLE.typeOf(".html"));
    }

    @Test
    void emptyFileMapsNothing() {
        assertEquals(MimeTypes.DEFAULT_TYPE, MimeTypes.parse(List.of()).typeOf("index.html"));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "index.html,  text/html",
        "style.css,   text/css",
        "app.js,      text/javascript",
        "logo.png,    image/png",
        "data.json,   application/json",
    })
    void projectMimeTypesFileMapsCommonTypes(String fileName, String type) throws IOException {
        // Surefire runs with the module directory as working directory.
        MimeTypes real = MimeTypes.load(Path.of("../conf/mime.types"));
        assertEquals(type, real.typeOf(fileName));
    }
}
