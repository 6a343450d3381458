package dev.pollux.mpm.event;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import dev.pollux.core.config.CoreSettings;
import dev.pollux.core.config.SettingsReader;
import dev.pollux.core.files.MimeTypes;
import dev.pollux.core.http.Handler;
import dev.pollux.core.http.HandlerChain;
import dev.pollux.core.http.HandlerProvider;
import dev.pollux.core.http.HttpSettings;
import dev.pollux.core.http.ServerContext;
import dev.pollux.core.log.AccessLog;
import dev.pollux.core.log.AccessLogEntry;
import dev.pollux.core.log.AccessLogSettings;
import dev.pollux.core.scoreboard.Scoreboard;
import dev.pollux.core.site.Site;
import dev.pollux.core.site.SiteSettings;
import dev.pollux.core.site.VirtualHosts;
import dev.pollux.mpm.dns.ClientNames;
import dev.pollux.mpm.dns.DnsSettings;
import dev.pollux.mpm.dns.HostnameLookups;
import dev.pollux.mpm.h2.H2Settings;
import dev.pollux.mpm.http1.Admission;
import dev.pollux.mpm.http1.Rejection;
import dev.pollux.mpm.tls.TlsContexts;
import dev.pollux.mpm.tls.TlsSettings;
import io.netty.handler.codec.http.EmptyHttpHeaders;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.ssl.SslContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One configuration in force, httpd's generation: the settings read from it once, and everything built from them
 * that connections and workers use (the handler chain, the access log, the request processor, the poller's
 * admission checks). A graceful restart builds the next generation beside the running one and puts it in force;
 * the old one finishes what it had begun and is closed once no connection holds it.
 *
 * <p>Immutable but for the count of connections bound to it; the methods pollers call never block.
 */
final class Generation {

    private static final Logger log = LoggerFactory.getLogger(Generation.class);

    /**
     * The settings of one generation, read once from its configuration.
     *
     * @param config  the whole validated configuration, for the module handlers to read theirs from
     * @param core    files, keep-alive, timeouts, limits, the access log
     * @param mpm     listeners, pollers, workers
     * @param tls     certificate, key, protocols and ciphers; {@code null} when {@code ssl.listen} is empty
     * @param h2      where HTTP/2 is spoken, and its limits
     * @param lookups {@code hostname-lookups}: whether client names are looked up
     * @param dns     how they are looked up
     */
    record Settings(Config config, CoreSettings core, MpmSettings mpm, TlsSettings tls, H2Settings h2,
                    HostnameLookups lookups, DnsSettings dns) {

        /**
         * Reads a configuration that {@link dev.pollux.core.config.PolluxConfig} validated.
         *
         * @throws ConfigException naming key, origin and what is allowed
         */
        static Settings read(Config config) {
            CoreSettings core = CoreSettings.from(config);
            MpmSettings mpm = MpmSettings.from(config);
            TlsSettings tls = mpm.sslListen().isEmpty() ? null : TlsSettings.from(config, core.serverRoot());
            return new Settings(config, core, mpm, tls, H2Settings.from(config),
                    HostnameLookups.read(new SettingsReader(config)), DnsSettings.from(config));
        }

        /** The same settings with {@code next} for the MPM's: a child's share. */
        Settings withMpm(MpmSettings next) {
            return new Settings(config, core, next, tls, h2, lookups, dns);
        }
    }

    private final int number;
    private final Settings settings;
    private final List<Handler> shared;
    private final VirtualHosts hosts;
    private final List<AccessLog> accessLogs;
    private final Admission admission;
    private final RequestProcessor processor;
    private final Scoreboard scoreboard;
    private final SslContext tls;
    private final ClientNames clientNames;
    private final AtomicInteger connections = new AtomicInteger();
    private volatile boolean retired;

    private Generation(int number, Settings settings, List<Handler> shared, VirtualHosts hosts,
                       List<AccessLog> accessLogs, Scoreboard scoreboard, SslContext tls, ClientNames clientNames) {
        this.number = number;
        this.settings = settings;
        this.shared = shared;
        this.hosts = hosts;
        this.accessLogs = accessLogs;
        this.admission = new Admission(settings.core().http());
        this.processor = new RequestProcessor(hosts, settings.core(), scoreboard, number);
        this.scoreboard = scoreboard;
        this.tls = tls;
        this.clientNames = clientNames;
    }

    /**
     * Builds generation {@code number}: the TLS context (certificates read afresh), the module handlers, the
     * application's, every site with its static files, and the access logs, opened (or reopened: a rotated file
     * is created afresh); sites that name the same log file share one writer.
     *
     * @param applicationHandlers handlers tried after the modules' and before static files; the server closes
     *                            them when it stops, a generation never does
     * @throws ConfigException naming key, origin and what is allowed, with nothing left open
     */
    static Generation open(int number, Settings settings, Scoreboard scoreboard, List<Handler> applicationHandlers) {
        SslContext tls = tlsContext(settings);
        List<Handler> shared = sharedHandlers(settings, scoreboard, applicationHandlers);
        Map<Path, AccessLog> logs = new LinkedHashMap<>();
        List<Site> sites = new ArrayList<>();
        try {
            MimeTypes mimeTypes = mimeTypes(settings);
            List<SiteSettings> all = settings.core().sites();
            for (int i = 0; i < all.size(); i++) {
                AccessLog log = accessLog(settings.config(), all.get(i).accessLog(), logs, i);
                sites.add(openSite(settings, all.get(i), shared, mimeTypes, log));
            }
        } catch (RuntimeException e) {
            sites.forEach(Site::close);
            HandlerChain.closeAll(shared);
            logs.values().forEach(AccessLog::close);
            throw e;
        }
        return new Generation(number, settings, shared, new VirtualHosts(sites), List.copyOf(logs.values()),
                scoreboard, tls, ClientNames.start(settings.lookups(), settings.dns()));
    }

    /**
     * Builds what {@link #open} builds but the TLS context and the access logs, and closes it again: the module
     * handlers' settings, the media types, every site's document root.
     *
     * @throws ConfigException naming key, origin and what is allowed
     */
    static void check(Settings settings, Scoreboard scoreboard) {
        List<Handler> shared = sharedHandlers(settings, scoreboard, List.of());
        try {
            MimeTypes mimeTypes = mimeTypes(settings);
            for (SiteSettings site : settings.core().sites()) {
                openSite(settings, site, shared, mimeTypes, AccessLog.DISABLED).close();
            }
        } finally {
            HandlerChain.closeAll(shared);
        }
    }

    private static Site openSite(Settings settings, SiteSettings site, List<Handler> shared, MimeTypes mimeTypes,
                                 AccessLog log) {
        try {
            return Site.open(site, shared, mimeTypes, settings.core().traceEnable(), log);
        } catch (IOException e) {
            throw badValue(settings.config(), "pollux.document-root", "must be an existing directory; "
                    + site.files().documentRoot() + ": " + e);
        }
    }

    private static AccessLog accessLog(Config config, AccessLogSettings wanted, Map<Path, AccessLog> open, int site) {
        AccessLog log = open.get(wanted.path());
        if (log != null) {
            AccessLogSettings first = log.settings();
            if (first.enabled() != wanted.enabled() || !first.format().toString().equals(wanted.format().toString())) {
                throw badValue(config, "pollux.access-log", "virtual host " + site + " writes " + wanted.path()
                        + " in another format (or enabled state) than a site before it; give it a file of its own");
            }
            return log;
        }
        try {
            log = AccessLog.open(wanted);
        } catch (UncheckedIOException e) {
            throw badValue(config, "pollux.access-log.path", "cannot open " + wanted.path() + ": " + e.getCause());
        }
        open.put(wanted.path(), log);
        return log;
    }

    private static MimeTypes mimeTypes(Settings settings) {
        Path types = settings.core().files().typesConfig();
        try {
            return MimeTypes.load(types);
        } catch (IOException e) {
            throw badValue(settings.config(), "pollux.types-config", "cannot read " + types + ": " + e);
        }
    }

    /**
     * The TLS context of {@code settings}, or {@code null} without TLS listeners.
     *
     * @throws ConfigException for files that do not load or prove themselves in a handshake, or an engine that
     *                         does not load
     */
    static SslContext tlsContext(Settings settings) {
        if (settings.tls() == null) {
            return null;
        }
        TlsContexts.Choice engine;
        try {
            engine = TlsContexts.choose(settings.tls().engine());
        } catch (IllegalStateException e) {
            throw badValue(settings.config(), "pollux.ssl.engine", e.getMessage());
        }
        log.info("TLS by {}", engine.reason());
        return TlsContexts.server(settings.tls(), engine, settings.h2().alpn(), settings.config());
    }

    /**
     * The handlers every site shares: the modules' (ServiceLoader), then the application's. The application's are
     * wrapped, so that closing the chain closes only what this generation made. Tried in order; one that answers
     * {@code null} passes the request on, and past the last one the site's static files answer.
     *
     * @throws ConfigException for a module's invalid settings
     */
    private static List<Handler> sharedHandlers(Settings settings, Scoreboard scoreboard,
                                                List<Handler> applicationHandlers) {
        List<Handler> handlers = new ArrayList<>();
        ServerContext context = new ServerContext(settings.config(), scoreboard, settings.core().serverName());
        try {
            for (HandlerProvider provider : ServiceLoader.load(HandlerProvider.class)) {
                handlers.add(provider.create(context));
            }
        } catch (RuntimeException e) {
            HandlerChain.closeAll(handlers);
            throw e;
        }
        for (Handler application : applicationHandlers) {
            handlers.add(application::handle);
        }
        return List.copyOf(handlers);
    }

    private static ConfigException badValue(Config config, String key, String problem) {
        return new ConfigException.BadValue(config.getValue(key).origin(), key, problem);
    }

    /** 0 for the configuration read at start, one more for each graceful restart. */
    int number() {
        return number;
    }

    Settings settings() {
        return settings;
    }

    HttpSettings http() {
        return settings.core().http();
    }

    /** The TLS context for the {@code ssl.listen} listeners; {@code null} when there are none. */
    SslContext tls() {
        return tls;
    }

    RequestProcessor processor() {
        return processor;
    }

    /** Where connections accepted under this generation look their clients' names up. */
    ClientNames clientNames() {
        return clientNames;
    }

    /** Whether the server is stopping (gracefully), whatever the generation. */
    boolean serverStopping() {
        return scoreboard.stopping();
    }

    /** A connection takes this generation up for its next request. Poller thread. */
    void bind() {
        connections.incrementAndGet();
    }

    /** A connection is done with this generation: it closed, or took up a newer one. Poller thread. */
    void unbind() {
        connections.decrementAndGet();
    }

    /** A newer generation is in force: this one serves only the connections that hold it. */
    void retire() {
        retired = true;
    }

    /** Whether it is retired and no connection holds it any more, so that it may be closed. */
    boolean drained() {
        return retired && connections.get() == 0;
    }

    /**
     * Closes what this generation made: its module and static-file handlers, its client-name lookups (names found
     * stay readable to the connections that hold them), and its access logs (flushed).
     */
    void close() {
        try {
            hosts.sites().forEach(Site::close);
            HandlerChain.closeAll(shared);
            clientNames.close();
        } finally {
            accessLogs.forEach(AccessLog::close);
        }
    }

    /**
     * The request itself if it may go to a worker, else the {@link Rejection} that answers it, the request then
     * released: see {@link Admission#check}.
     */
    Object admit(FullHttpRequest request) {
        Rejection rejection = admission.check(request);
        if (rejection == null) {
            return request;
        }
        request.release();
        return rejection;
    }

    /** An error the poller answers itself, closing afterwards; {@code request} may be {@code null}. */
    PreparedResponse errorResponse(HttpResponseStatus status, HttpRequest request) {
        return processor.error(status, null, Exchange.now(request));
    }

    /** The answer to a refused request, closing afterwards. */
    PreparedResponse errorResponse(Rejection rejection) {
        return processor.error(rejection.status(), rejection.detail(), Exchange.now(rejection.request()));
    }

    /**
     * Queues the access-log line of a written response in its site's log (the default site's for what the poller
     * answered itself); never blocks.
     */
    void logAccess(Origin origin, PreparedResponse response) {
        Exchange exchange = response.exchange();
        Site site = exchange.site() == null ? hosts.fallback() : exchange.site();
        AccessLog accessLog = site.accessLog();
        if (!accessLog.enabled()) {
            return;
        }
        HttpRequest request = exchange.request();
        accessLog.log(new AccessLogEntry(origin.clientIp(), origin.remoteHost(), origin.localAddress().getPort(),
                site.name(),
                exchange.arrivalMillis(),
                request == null ? "-" : request.method().name(),
                request == null ? "-" : request.uri(),
                request == null ? "-" : request.protocolVersion().text(),
                request == null ? EmptyHttpHeaders.INSTANCE : request.headers(),
                response.status().code(), response.headers(), response.bodyBytes(),
                (System.nanoTime() - exchange.arrivalNanos()) / 1000));
    }
}
