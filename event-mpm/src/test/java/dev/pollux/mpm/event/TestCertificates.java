package dev.pollux.mpm.event;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A self-signed certificate for 127.0.0.1 and localhost, made by the openssl command as an operator would, and a
 * client context that trusts it and nothing else.
 *
 * @param certificate the PEM certificate
 * @param key         its PEM private key (PKCS#8)
 */
record TestCertificates(Path certificate, Path key) {

    /** Makes {@code name}.crt and {@code name}.key in {@code directory}: an EC P-256 key, valid for a day. */
    static TestCertificates generate(Path directory, String name) throws IOException, InterruptedException {
        Path certificate = directory.resolve(name + ".crt");
        Path key = directory.resolve(name + ".key");
        Process openssl = new ProcessBuilder("openssl", "req", "-x509", "-newkey", "ec",
                "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-days", "1", "-subj", "/CN=" + name,
                "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1",
                "-keyout", key.toString(), "-out", certificate.toString())
                .redirectErrorStream(true).start();
        String output = new String(openssl.getInputStream().readAllBytes());
        if (!openssl.waitFor(30, TimeUnit.SECONDS) || openssl.exitValue() != 0) {
            throw new IOException("openssl req failed: " + output);
        }
        return new TestCertificates(certificate, key);
    }

    /** The {@code ssl} settings of a server with this certificate on a free loopback port. */
    Map<String, Object> settings() {
        return Map.of("ssl.listen", List.of("127.0.0.1:0"),
                "ssl.certificate-file", certificate.toString(),
                "ssl.certificate-key-file", key.toString());
    }

    X509Certificate x509() throws IOException {
        try (InputStream in = Files.newInputStream(certificate)) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        } catch (CertificateException e) {
            throw new IOException(e);
        }
    }

    /** A client context that trusts this certificate only. */
    SSLContext clientContext() throws Exception {
        KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
        trusted.load(null, null);
        trusted.setCertificateEntry("server", x509());
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(trusted);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        return context;
    }
}
