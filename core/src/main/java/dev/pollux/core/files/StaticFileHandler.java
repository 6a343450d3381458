package dev.pollux.core.files;

import dev.pollux.core.http.Handler;
import dev.pollux.core.http.Request;
import dev.pollux.core.http.RequestException;
import dev.pollux.core.http.Response;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;

/**
 * Serves files under the document root for GET and HEAD, as httpd's default handler with mod_dir and
 * mod_mime does. Runs on worker threads: it stats and opens files, which may block.
 *
 * <p>Directories get their index file, a 301 that adds the missing trailing slash, or 403 when they have no
 * index. {@code .ht*} names answer 403. Responses carry {@code Last-Modified} and an httpd-style
 * {@code ETag} ({@code "size-mtime"} in hex), and conditional requests are answered 304 (RFC 9110 §13.1).
 * Small files come from the {@link FileCache} as bytes; larger ones as a {@link Response.FileBody} the server sends
 * with sendfile.
 */
public final class StaticFileHandler implements Handler {

    private static final String ALLOW = "GET, HEAD, OPTIONS";

    private final FileSettings settings;
    private final MimeTypes mimeTypes;
    private final Path root;
    private final FileCache cache;

    /**
     * @throws IOException when the document root does not exist or is not a directory
     */
    public StaticFileHandler(FileSettings settings, MimeTypes mimeTypes) throws IOException {
        this.settings = settings;
        this.mimeTypes = mimeTypes;
        this.root = settings.documentRoot().toRealPath();
        this.cache = new FileCache(settings.cache());
        if (!Files.isDirectory(root)) {
            throw new NotDirectoryException(root.toString());
        }
    }

    @Override
    public Response handle(Request request) throws RequestException {
        HttpMethod method = request.method();
        if (method.equals(HttpMethod.OPTIONS)) {
            Response response = Response.empty(HttpResponseStatus.OK);
            response.headers().set(HttpHeaderNames.ALLOW, ALLOW);
            return response;
        }
        if (!method.equals(HttpMethod.GET) && !method.equals(HttpMethod.HEAD)) {
            throw RequestException.methodNotAllowed(ALLOW);
        }
        RequestPath path = RequestPath.parse(request.rawPath());
        Path target = root;
        for (String segment : path.segments()) {
            if (segment.startsWith(".ht")) {
                throw RequestException.forbidden(".ht files are never served");
            }
            target = target.resolve(segment);
            checkSymlink(target);
        }
        FileInfo attributes = attributesOf(target);
        if (attributes.directory()) {
            if (!path.trailingSlash() && !path.segments().isEmpty()) {
                return redirectToDirectory(request);
            }
            return serveIndex(request, target);
        }
        return serve(request, target, attributes);
    }

    private Response serveIndex(Request request, Path directory) throws RequestException {
        for (String index : settings.directoryIndex()) {
            Path candidate = directory.resolve(index);
            try {
                checkSymlink(candidate);
                FileInfo attributes = cache.lookup(candidate);
                if (attributes.regularFile()) {
                    return serve(request, candidate, attributes);
                }
            } catch (IOException e) {
                // Not this index; try the next, as mod_dir does.
            }
        }
        throw RequestException.forbidden("directory has no index file");
    }

    /**
     * 301 to the same path with a slash, keeping the query (mod_dir's DirectorySlash). Leading slashes collapse
     * to one, as httpd's MergeSlashes does: {@code //host/} would be a reference to another host (RFC 3986 §4.2).
     */
    private static Response redirectToDirectory(Request request) {
        String query = request.rawQuery();
        String path = request.rawPath().replaceFirst("^/+", "/");
        Response response = Response.empty(HttpResponseStatus.MOVED_PERMANENTLY);
        response.headers().set(HttpHeaderNames.LOCATION, path + "/" + (query.isEmpty() ? "" : "?" + query));
        return response;
    }

    private Response serve(Request request, Path file, FileInfo info) throws RequestException {
        if (!info.regularFile()) {
            throw RequestException.forbidden("not a regular file");
        }
        Response response;
        if (Conditional.notModified(request.headers(), info.etag(), info.modifiedMillis())) {
            response = Response.empty(HttpResponseStatus.NOT_MODIFIED);
        } else {
            String type = mimeTypes.typeOf(file.getFileName().toString());
            response = info.content() != null
                    ? Response.bytes(HttpResponseStatus.OK, type, info.content())
                    : Response.file(file, info.size(), type);
        }
        response.headers().set(HttpHeaderNames.ETAG, info.etag());
        response.headers().set(HttpHeaderNames.LAST_MODIFIED, info.lastModified());
        return response;
    }

    private FileInfo attributesOf(Path target) throws RequestException {
        try {
            return cache.lookup(target);
        } catch (NoSuchFileException | NotDirectoryException e) {
            throw RequestException.notFound();
        } catch (AccessDeniedException e) {
            throw RequestException.forbidden("permission denied");
        } catch (IOException e) {
            throw RequestException.notFound();
        }
    }

    /**
     * With {@code follow-symlinks} off, a symbolic link is refused, unless {@code symlinks-if-owner-match} is on
     * and the link's owner also owns its target (httpd's Options FollowSymLinks / SymLinksIfOwnerMatch).
     */
    private void checkSymlink(Path path) throws RequestException {
        if (settings.followSymlinks() || !Files.isSymbolicLink(path)) {
            return;
        }
        if (settings.symlinksIfOwnerMatch()) {
            try {
                if (Files.getOwner(path, LinkOption.NOFOLLOW_LINKS).equals(Files.getOwner(path))) {
                    return;
                }
            } catch (IOException e) {
                throw RequestException.notFound();
            }
        }
        throw RequestException.forbidden("symbolic link not allowed");
    }
}
