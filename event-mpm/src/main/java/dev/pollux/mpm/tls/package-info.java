/**
 * TLS for the listeners of {@code ssl.listen}, mod_ssl's part of httpd: the settings ({@link
 * dev.pollux.mpm.tls.TlsSettings}) and the server context built from them once per generation, so that a graceful
 * restart picks up renewed certificates ({@link dev.pollux.mpm.tls.TlsContexts}). Netty's {@code SslHandler} does
 * the protocol, with BoringSSL (netty-tcnative) where its native library loads and the JDK's engine elsewhere.
 */
package dev.pollux.mpm.tls;
