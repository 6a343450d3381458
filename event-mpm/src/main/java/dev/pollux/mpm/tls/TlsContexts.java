package dev.pollux.mpm.tls;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http2.Http2SecurityUtil;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.SupportedCipherSuiteFilter;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import java.util.List;
import javax.net.ssl.SSLException;

/**
 * Builds the server's TLS context from {@link TlsSettings}: certificate chain and key, protocols, ciphers, session
 * cache, and ALPN offering the configured HTTP protocols. Each build proves the certificate and key by a TLS
 * handshake in memory, so that a key that does not match its certificate, or ciphers no protocol can use, is a
 * configuration error ({@code pollux -t} catches it) rather than a failure of every client's handshake.
 */
public final class TlsContexts {

    /** Round trips the in-memory proof may take; a TLS 1.2 handshake needs two. */
    private static final int PROOF_ROUND_TRIPS = 8;

    private TlsContexts() {
    }

    /**
     * The implementation {@code engine} stands for here, and why.
     *
     * @param provider Netty's name for it
     * @param reason   what the log says of the choice
     */
    public record Choice(SslProvider provider, String reason) {
    }

    /**
     * Picks BoringSSL or the JDK for {@code engine}.
     *
     * @throws IllegalStateException when {@code openssl} is asked for and its native library does not load
     */
    public static Choice choose(TlsSettings.Engine engine) {
        return switch (engine) {
            case JDK -> new Choice(SslProvider.JDK, "the JDK's SSLEngine, as ssl.engine asks");
            case OPENSSL -> {
                if (!OpenSsl.isAvailable()) {
                    throw new IllegalStateException("ssl.engine = openssl, but netty-tcnative does not load here: "
                            + OpenSsl.unavailabilityCause());
                }
                yield new Choice(SslProvider.OPENSSL, OpenSsl.versionString() + ", as ssl.engine asks");
            }
            case AUTO -> OpenSsl.isAvailable() && OpenSsl.isAlpnSupported()
                    ? new Choice(SslProvider.OPENSSL, OpenSsl.versionString() + " (netty-tcnative loads here)")
                    : new Choice(SslProvider.JDK, "the JDK's SSLEngine, netty-tcnative not loading here: "
                            + OpenSsl.unavailabilityCause());
        };
    }

    /**
     * The server context for {@code settings}, offering {@code alpn} (most preferred first) to clients.
     *
     * @param config the configuration the settings came from, for errors to name the key's origin
     * @throws ConfigException naming the key and its origin, for unreadable files, a key that does not match the
     *                         certificate, or protocols and ciphers that allow no handshake
     */
    public static SslContext server(TlsSettings settings, Choice engine, List<String> alpn, Config config) {
        SslContextBuilder builder;
        try {
            builder = SslContextBuilder.forServer(settings.certificateFile().toFile(), settings.keyFile().toFile());
        } catch (IllegalArgumentException e) {
            throw badValue(config, TlsSettings.KEY_FILE, "cannot load the certificate "
                    + settings.certificateFile() + " with the key " + settings.keyFile() + ": " + causes(e));
        }
        builder.sslProvider(engine.provider())
                .protocols(settings.protocols())
                .ciphers(settings.ciphers().isEmpty() ? Http2SecurityUtil.CIPHERS : settings.ciphers(),
                        SupportedCipherSuiteFilter.INSTANCE)
                .sessionCacheSize(settings.sessionCacheSize())
                .sessionTimeout(settings.sessionTimeout().toSeconds())
                .applicationProtocolConfig(new ApplicationProtocolConfig(ApplicationProtocolConfig.Protocol.ALPN,
                        ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
                        ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT, alpn));
        SslContext context;
        try {
            context = builder.build();
        } catch (SSLException | IllegalArgumentException e) {
            throw badValue(config, "pollux.ssl.ciphers", "no TLS context from these settings: " + causes(e));
        }
        String failure = handshakeFailure(context, settings);
        if (failure != null) {
            throw badValue(config, TlsSettings.KEY_FILE, "a TLS handshake with the certificate "
                    + settings.certificateFile() + " and this key fails: " + failure
                    + " (does the key belong to the certificate, and do ssl.protocols and ssl.ciphers fit it?)");
        }
        return context;
    }

    /**
     * Runs a handshake between {@code server} and a client that trusts any certificate but checks the server's
     * signature, in memory.
     *
     * @return why it failed, or {@code null} when it completed
     */
    private static String handshakeFailure(SslContext server, TlsSettings settings) {
        SslContext clientContext;
        try {
            clientContext = SslContextBuilder.forClient().sslProvider(SslProvider.JDK)
                    .trustManager(InsecureTrustManagerFactory.INSTANCE).protocols(settings.protocols()).build();
        } catch (SSLException e) {
            return causes(e);
        }
        SslHandler serverSide = server.newHandler(UnpooledByteBufAllocator.DEFAULT);
        SslHandler clientSide = clientContext.newHandler(UnpooledByteBufAllocator.DEFAULT);
        EmbeddedChannel serverChannel = new EmbeddedChannel(serverSide);
        EmbeddedChannel clientChannel = new EmbeddedChannel(clientSide);
        try {
            for (int i = 0; i < PROOF_ROUND_TRIPS && !clientSide.handshakeFuture().isDone(); i++) {
                carry(clientChannel, serverChannel);
                carry(serverChannel, clientChannel);
            }
        } catch (RuntimeException e) {
            return causes(e);
        } finally {
            serverChannel.finishAndReleaseAll();
            clientChannel.finishAndReleaseAll();
        }
        if (!clientSide.handshakeFuture().isSuccess()) {
            Throwable cause = clientSide.handshakeFuture().cause();
            return cause == null ? "no answer after " + PROOF_ROUND_TRIPS + " round trips" : causes(cause);
        }
        return null;
    }

    /** Moves what {@code from} wrote into {@code to}, as the network would. */
    private static void carry(EmbeddedChannel from, EmbeddedChannel to) {
        ByteBuf bytes;
        while ((bytes = from.readOutbound()) != null) {
            to.writeInbound(bytes);
        }
    }

    /** The messages of {@code e} and of each of its causes, joined by colons, for an error that names them all. */
    private static String causes(Throwable e) {
        StringBuilder text = new StringBuilder(String.valueOf(e.getMessage()));
        for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
            text.append(": ").append(cause.getMessage());
        }
        return text.toString();
    }

    private static ConfigException badValue(Config config, String key, String problem) {
        return new ConfigException.BadValue(config.getValue(key).origin(), key, problem);
    }
}
