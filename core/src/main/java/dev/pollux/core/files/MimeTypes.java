package dev.pollux.core.files;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * File extension to media type, read from a file in httpd's {@code mime.types} format: one
 * {@code media/type ext ext ...} per line, {@code #} starts a comment. Immutable after loading.
 */
public final class MimeTypes {

    /** What a file whose extension is not listed is sent as (RFC 9110 §8.3). */
    public static final String DEFAULT_TYPE = "application/octet-stream";

    private final Map<String, String> byExtension;

    private MimeTypes(Map<String, String> byExtension) {
        this.byExtension = Map.copyOf(byExtension);
    }

    /** Parses {@code file}; a line with a type and no extensions is allowed and ignored. */
    public static MimeTypes load(Path file) throws IOException {
        return parse(Files.readAllLines(file, StandardCharsets.UTF_8));
    }

    static MimeTypes parse(List<String> lines) {
        Map<String, String> byExtension = new HashMap<>();
        for (String line : lines) {
            int hash = line.indexOf('#');
            String content = (hash >= 0 ? line.substring(0, hash) : line).trim();
            if (content.isEmpty()) {
                continue;
            }
            String[] fields = content.split("\\s+");
            for (int i = 1; i < fields.length; i++) {
                byExtension.put(fields[i].toLowerCase(Locale.ROOT), fields[0]);
            }
        }
        return new MimeTypes(byExtension);
    }

    /** The media type of {@code fileName} by its last extension, or {@link #DEFAULT_TYPE}. */
    public String typeOf(String fileName) {
        int dot = fileName.lastIndexOf('.');
        if (dot < 0 || dot == fileName.length() - 1) {
            return DEFAULT_TYPE;
        }
        return byExtension.getOrDefault(fileName.substring(dot + 1).toLowerCase(Locale.ROOT), DEFAULT_TYPE);
    }
}
