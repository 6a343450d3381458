package dev.pollux.core.files;

import dev.pollux.core.http.Handler;
import dev.pollux.core.http.Request;
import dev.pollux.core.http.RequestException;
import dev.pollux.core.http.RequestPath;
import dev.pollux.core.http.Response;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.List;

/**
 * Serves files under the document root (and the {@code alias} directories) for GET and HEAD, as httpd's default
 * handler with mod_dir, mod_alias's Alias, mod_mime, mod_negotiation's MultiViews for languages and mod_autoindex
 * do. Runs on worker threads: it stats, lists and opens files, which may block.
 *
 * <p>Directories get their index file, a 301 that adds the missing trailing slash, a listing with
 * {@code options.indexes}, or 403. {@code .ht*} names answer 403. What a found file is answered with (variants,
 * 304, ranges) is {@link FileResponder}'s business.
 */
public final class StaticFileHandler implements Handler {

    private static final String ALLOW = "GET, HEAD, OPTIONS";

    private final FileSettings settings;
    private final MimeTypes mimeTypes;
    private final Path root;
    private final FileCache cache;
    private final FileResponder responder;
    private final String canonicalName;

    /**
     * @param canonicalName the host name of absolute redirects (httpd's {@code UseCanonicalName On}); {@code null}
     *                      to answer with a path, which the client resolves against the host it asked for
     * @throws IOException when the document root does not exist or is not a directory
     */
    public StaticFileHandler(FileSettings settings, MimeTypes mimeTypes, String canonicalName) throws IOException {
        this.settings = settings;
        this.mimeTypes = mimeTypes;
        this.root = settings.documentRoot().toRealPath();
        this.cache = new FileCache(settings.cache());
        this.responder = new FileResponder(settings, cache);
        this.canonicalName = canonicalName;
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
        List<String> segments = path.segments();
        for (Alias alias : settings.aliases()) {
            List<String> rest = alias.rest(path);
            if (rest != null) {
                target = alias.path();
                segments = rest;
                break;
            }
        }
        for (String segment : segments) {
            if (segment.startsWith(".ht")) {
                throw RequestException.forbidden(".ht files are never served");
            }
            target = target.resolve(segment);
            checkSymlink(target);
        }
        FileInfo attributes = attributesOf(target);
        if (attributes == null) {
            Response variant = negotiate(request, target);
            if (variant == null) {
                throw RequestException.notFound();
            }
            return variant;
        }
        if (attributes.directory()) {
            if (!path.trailingSlash() && !path.segments().isEmpty()) {
                return redirectToDirectory(request);
            }
            return serveDirectory(request, target, path);
        }
        return respond(request, target, attributes);
    }

    private Response respond(Request request, Path file, FileInfo info) throws RequestException {
        return responder.respond(request, file, info, mimeTypes.typeOf(file.getFileName().toString()));
    }

    private Response serveDirectory(Request request, Path directory, RequestPath path) throws RequestException {
        for (String index : settings.directoryIndex()) {
            Path candidate = directory.resolve(index);
            try {
                checkSymlink(candidate);
                FileInfo attributes = cache.lookup(candidate);
                if (attributes.regularFile()) {
                    return respond(request, candidate, attributes);
                }
            } catch (NoSuchFileException e) {
                Response variant = negotiate(request, candidate);
                if (variant != null) {
                    return variant;
                }
            } catch (IOException | RequestException e) {
                // Not this index; try the next, as mod_dir does.
            }
        }
        if (settings.indexes()) {
            String url = path.segments().isEmpty() ? "/" : "/" + String.join("/", path.segments()) + "/";
            try {
                return Response.text(HttpResponseStatus.OK, "text/html",
                        DirectoryListing.render(directory, url, request.rawQuery()), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw RequestException.forbidden("directory cannot be listed");
            }
        }
        throw RequestException.forbidden("directory has no index file");
    }

    /**
     * The missing {@code file} as one of its language variants, with MultiViews on; {@code null} without any. A client whose
     * Accept-Language excludes every variant gets 406, as httpd without ForceLanguagePriority gives it. The answer
     * says which variant it is and that it was chosen by language (RFC 9110 §12.5.5).
     */
    private Response negotiate(Request request, Path file) throws RequestException {
        VariantSettings variants = settings.variants();
        List<MultiViews.Variant> found = variants.multiviews() ? MultiViews.of(file, variants.languages())
                : List.of();
        if (found.isEmpty()) {
            return null;
        }
        String language = Negotiation.language(request.headers().get(HttpHeaderNames.ACCEPT_LANGUAGE),
                found.stream().map(MultiViews.Variant::language).toList(), variants.languagePriority());
        if (language == null) {
            throw RequestException.of(HttpResponseStatus.NOT_ACCEPTABLE, "no variant in an acceptable language");
        }
        Path chosen = found.stream().filter(v -> v.language().equals(language)).findFirst().orElseThrow().path();
        checkSymlink(chosen);
        FileInfo info = attributesOf(chosen);
        if (info == null) {
            throw RequestException.notFound();
        }
        Response response = responder.respond(request, chosen, info,
                mimeTypes.typeOf(file.getFileName().toString()));
        response.headers().set(HttpHeaderNames.CONTENT_LANGUAGE, language);
        response.headers().set(HttpHeaderNames.CONTENT_LOCATION, chosen.getFileName().toString());
        response.headers().add(HttpHeaderNames.VARY, "negotiate, accept-language");
        return response;
    }

    /**
     * 301 to the same path with a slash, keeping the query (mod_dir's DirectorySlash). Leading slashes collapse
     * to one, as httpd's MergeSlashes does: {@code //host/} would be a reference to another host (RFC 3986 §4.2).
     * With {@code use-canonical-name} the location is absolute, on the server's own name.
     */
    private Response redirectToDirectory(Request request) {
        String query = request.rawQuery();
        String path = request.rawPath().replaceFirst("^/+", "/");
        Response response = Response.empty(HttpResponseStatus.MOVED_PERMANENTLY);
        String location = path + "/" + (query.isEmpty() ? "" : "?" + query);
        response.headers().set(HttpHeaderNames.LOCATION,
                canonicalName == null ? location : request.origin(canonicalName) + location);
        return response;
    }

    /** The file's description, or {@code null} when there is none. */
    private FileInfo attributesOf(Path target) throws RequestException {
        try {
            return cache.lookup(target);
        } catch (NoSuchFileException e) {
            return null;
        } catch (NotDirectoryException e) {
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
