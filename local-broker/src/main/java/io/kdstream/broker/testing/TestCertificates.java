package io.kdstream.broker.testing;

import io.kdstream.broker.BrokerSecurity;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A throw-away CA and a broker certificate signed by it, made with the JDK's {@code keytool}, for
 * tests of the broker's secured mode.
 *
 * <p>The broker certificate names {@code IP:127.0.0.1} and {@code DNS:localhost}, so clients keep
 * host-name verification on ({@code ssl.endpoint.identification.algorithm=https}, Kafka's default)
 * and still connect to the local broker. Both stores are PKCS12 and valid for two days.
 *
 * @param brokerKeystore the broker's key and its chain (broker certificate, CA)
 * @param truststore the CA certificate only, for every client
 * @param password the password of both stores (and of the key)
 */
public record TestCertificates(Path brokerKeystore, Path truststore, String password) {

    private static final long KEYTOOL_TIMEOUT_SECONDS = 60;

    /**
     * Creates the CA, the broker certificate and the trust store in {@code dir}.
     *
     * @param dir a directory for the stores; created if missing
     * @return where they are
     * @throws IllegalStateException naming the keytool step that failed, with its output
     */
    public static TestCertificates create(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String password = randomSecret();
        Path ca = dir.resolve("ca.p12");
        Path caCert = dir.resolve("ca.crt");
        Path broker = dir.resolve("broker.p12");
        Path csr = dir.resolve("broker.csr");
        Path brokerCert = dir.resolve("broker.crt");
        Path truststore = dir.resolve("truststore.p12");
        for (Path p : List.of(ca, caCert, broker, csr, brokerCert, truststore)) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        genKeyPair(dir, "ca", "CN=kd-stream test CA", ca, password, "-ext", "bc:c");
        keytool(
                dir,
                "-exportcert",
                "-rfc",
                "-alias",
                "ca",
                "-keystore",
                ca.toString(),
                "-storepass",
                password,
                "-file",
                caCert.toString());
        genKeyPair(dir, "broker", "CN=localhost", broker, password);
        keytool(
                dir,
                "-certreq",
                "-alias",
                "broker",
                "-keystore",
                broker.toString(),
                "-storepass",
                password,
                "-file",
                csr.toString());
        keytool(
                dir,
                "-gencert",
                "-rfc",
                "-alias",
                "ca",
                "-keystore",
                ca.toString(),
                "-storepass",
                password,
                "-infile",
                csr.toString(),
                "-outfile",
                brokerCert.toString(),
                "-validity",
                "2",
                "-ext",
                "SAN=IP:127.0.0.1,DNS:localhost",
                "-ext",
                "EKU=serverAuth");
        // the chain: the CA first, so that keytool accepts the signed reply for the broker's key
        importCertificate(dir, "ca", caCert, broker, password);
        importCertificate(dir, "broker", brokerCert, broker, password);
        importCertificate(dir, "ca", caCert, truststore, password);
        return new TestCertificates(broker, truststore, password);
    }

    /**
     * The broker's secured-mode settings with these stores.
     *
     * @param superUser the super user's name
     * @param superUserPassword its SCRAM password
     */
    public BrokerSecurity brokerSecurity(String superUser, String superUserPassword) {
        return new BrokerSecurity(
                brokerKeystore, password, truststore, password, superUser, superUserPassword);
    }

    /** A random password of 32 hex digits, safe in JAAS lines and properties files. */
    public static String randomSecret() {
        byte[] bytes = new byte[16];
        new SecureRandom().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    /** A 2048-bit RSA key pair valid for two days, in a PKCS12 store. */
    private static void genKeyPair(
            Path dir, String alias, String dname, Path store, String password, String... extra) {
        List<String> args =
                new ArrayList<>(
                        List.of(
                                "-genkeypair",
                                "-alias",
                                alias,
                                "-dname",
                                dname,
                                "-keyalg",
                                "RSA",
                                "-keysize",
                                "2048",
                                "-validity",
                                "2",
                                "-keystore",
                                store.toString(),
                                "-storetype",
                                "PKCS12",
                                "-storepass",
                                password));
        args.addAll(List.of(extra));
        keytool(dir, args.toArray(String[]::new));
    }

    /** Imports a certificate into a PKCS12 store (created if missing), without asking. */
    private static void importCertificate(
            Path dir, String alias, Path certificate, Path store, String password) {
        keytool(
                dir,
                "-importcert",
                "-noprompt",
                "-alias",
                alias,
                "-file",
                certificate.toString(),
                "-keystore",
                store.toString(),
                "-storetype",
                "PKCS12",
                "-storepass",
                password);
    }

    private static void keytool(Path dir, String... args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        try {
            Process p =
                    new ProcessBuilder(command)
                            .directory(dir.toFile())
                            .redirectErrorStream(true)
                            .start();
            p.getOutputStream().close();
            boolean done = p.waitFor(KEYTOOL_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!done) {
                p.destroyForcibly();
                throw new IllegalStateException("keytool " + args[0] + " timed out: " + output);
            }
            if (p.exitValue() != 0) {
                throw new IllegalStateException(
                        "keytool " + args[0] + " failed (" + p.exitValue() + "): " + output);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run keytool", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running keytool", e);
        }
    }
}
