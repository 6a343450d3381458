package dev.pollux.core.files;

import dev.pollux.core.http.HtmlEscaper;
import dev.pollux.core.http.PercentEncoding;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * The page {@code options.indexes} answers for a directory without an index file, after mod_autoindex's fancy
 * index: name, last modified and size columns, folders first, sortable by the same query arguments
 * ({@code ?C=N|M|S;O=A|D}). Every name is HTML-escaped in text and percent-encoded in its link; {@code .ht*} names
 * are never listed. Dates are UTC, so a page does not depend on the host's zone. Stateless; worker threads (it
 * reads the directory).
 */
final class DirectoryListing {

    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm")
            .withZone(ZoneOffset.UTC);

    private record Entry(String name, boolean directory, long size, long modifiedMillis) {
    }

    private DirectoryListing() {
    }

    /** The listing of {@code directory}, reached as {@code urlPath} (decoded, ending with {@code /}). */
    static String render(Path directory, String urlPath, String rawQuery) throws IOException {
        List<Entry> entries = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(directory)) {
            for (Path path : stream) {
                String name = path.getFileName().toString();
                if (!name.startsWith(".ht")) {
                    entries.add(entry(path, name));
                }
            }
        }
        char column = argument(rawQuery, 'C', "NMS", 'N');
        boolean descending = argument(rawQuery, 'O', "AD", 'A') == 'D';
        Comparator<Entry> order = switch (column) {
            case 'M' -> Comparator.comparingLong(Entry::modifiedMillis);
            case 'S' -> Comparator.comparingLong(Entry::size);
            default -> Comparator.comparing(Entry::name);
        };
        order = order.thenComparing(Entry::name);
        entries.sort(Comparator.comparing((Entry e) -> !e.directory())
                .thenComparing(descending ? order.reversed() : order));
        return page(urlPath, entries, column, descending);
    }

    /** A stat failure (a dangling link) still lists the entry, without date and size. */
    private static Entry entry(Path path, String name) {
        try {
            BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class);
            return new Entry(name, attributes.isDirectory(), attributes.isDirectory() ? -1 : attributes.size(),
                    attributes.lastModifiedTime().toMillis());
        } catch (IOException e) {
            return new Entry(name, false, -1, 0);
        }
    }

    /** mod_autoindex's {@code C=} and {@code O=} arguments, separated by {@code ;} or {@code &}. */
    private static char argument(String rawQuery, char key, String allowed, char otherwise) {
        for (String pair : rawQuery.split("[;&]")) {
            if (pair.length() == 3 && pair.charAt(0) == key && pair.charAt(1) == '='
                    && allowed.indexOf(pair.charAt(2)) >= 0) {
                return pair.charAt(2);
            }
        }
        return otherwise;
    }

    private static String page(String urlPath, List<Entry> entries, char column, boolean descending) {
        String title = "Index of " + HtmlEscaper.escape(urlPath);
        StringBuilder html = new StringBuilder(512 + entries.size() * 160)
                .append("<!DOCTYPE html>\n<html><head><title>").append(title).append("</title></head>\n<body><h1>")
                .append(title).append("</h1>\n<table>\n<tr>");
        heading(html, 'N', "Name", column, descending);
        heading(html, 'M', "Last modified", column, descending);
        heading(html, 'S', "Size", column, descending);
        html.append("</tr>\n");
        if (!urlPath.equals("/")) {
            html.append("<tr><td><a href=\"../\">Parent Directory</a></td><td>&nbsp;</td>")
                    .append("<td align=\"right\">-</td></tr>\n");
        }
        for (Entry entry : entries) {
            String name = entry.name() + (entry.directory() ? "/" : "");
            html.append("<tr><td><a href=\"").append(encode(entry.name())).append(entry.directory() ? "/" : "")
                    .append("\">").append(HtmlEscaper.escape(name)).append("</a></td><td align=\"right\">")
                    .append(entry.modifiedMillis() == 0 ? "&nbsp;"
                            : DATE.format(Instant.ofEpochMilli(entry.modifiedMillis())))
                    .append("</td><td align=\"right\">").append(size(entry.size())).append("</td></tr>\n");
        }
        return html.append("</table>\n</body></html>\n").toString();
    }

    /** A column heading linking to its sort, the opposite order when it is the current one, as httpd's do. */
    private static void heading(StringBuilder html, char key, String label, char column, boolean descending) {
        char order = key == column && !descending ? 'D' : 'A';
        html.append("<th><a href=\"?C=").append(key).append(";O=").append(order).append("\">").append(label)
                .append("</a></th>");
    }

    /** httpd's short sizes: bytes below 1 KiB, then one decimal of K, M, G; {@code -} for folders. */
    static String size(long bytes) {
        if (bytes < 0) {
            return "-";
        }
        if (bytes < 1024) {
            return Long.toString(bytes);
        }
        String units = "KMGT";
        double value = bytes;
        int unit = -1;
        while (value >= 1024 && unit < units.length() - 1) {
            value /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, "%.1f%c", value, units.charAt(unit));
    }

    /** A name as one path segment of a relative link: every byte but RFC 3986's unreserved ones encoded. */
    private static String encode(String name) {
        return PercentEncoding.encode(name, "-._~");
    }
}
