package io.kdstream.broker;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Properties;

/**
 * The opt-in secured mode of the local broker: one SASL_SSL listener with SCRAM-SHA-512 for
 * clients, ACLs enforced by KRaft's {@code StandardAuthorizer}, and a super user that the broker
 * itself logs in as.
 *
 * <p>The caller owns the certificates: {@code keystore} holds the broker's key and a certificate
 * valid for {@code 127.0.0.1} (clients verify the host name), {@code truststore} the CA that signed
 * it. The super user's SCRAM credential is written when the storage is formatted; every other user
 * is added later by the super user ({@code Admin#alterUserScramCredentials}).
 *
 * <p>{@link LocalBroker} hands this to {@link BrokerMain} in a file readable by the owner only, not
 * on the command line, so the passwords do not show in {@code ps}.
 *
 * @param keystore the broker's PKCS12 key store
 * @param keystorePassword its password, also the key's
 * @param truststore a PKCS12 trust store with the CA, for the broker's own clients (inter-broker)
 * @param truststorePassword its password
 * @param superUser the super user's name, e.g. {@code admin}: principal {@code User:<name>}
 * @param superUserPassword its SCRAM password
 */
public record BrokerSecurity(
        Path keystore,
        String keystorePassword,
        Path truststore,
        String truststorePassword,
        String superUser,
        String superUserPassword) {

    /** The one SASL mechanism of the client listener. */
    public static final String SCRAM_MECHANISM = "SCRAM-SHA-512";

    private static final String KEYSTORE = "keystore";
    private static final String KEYSTORE_PASSWORD = "keystore.password";
    private static final String TRUSTSTORE = "truststore";
    private static final String TRUSTSTORE_PASSWORD = "truststore.password";
    private static final String SUPER_USER = "super.user";
    private static final String SUPER_USER_PASSWORD = "super.user.password";

    public BrokerSecurity {
        keystore = requireFile(keystore, KEYSTORE);
        truststore = requireFile(truststore, TRUSTSTORE);
        requireJaasSafe(keystorePassword, KEYSTORE_PASSWORD);
        requireJaasSafe(truststorePassword, TRUSTSTORE_PASSWORD);
        requireJaasSafe(superUser, SUPER_USER);
        requireJaasSafe(superUserPassword, SUPER_USER_PASSWORD);
    }

    /** {@code User:<superUser>}, the principal the broker and the test's admin client use. */
    public String superUserPrincipal() {
        return "User:" + superUser;
    }

    /**
     * The JAAS line of a SCRAM client.
     *
     * @param user the SCRAM user
     * @param password its password
     * @return the value of {@code sasl.jaas.config}
     */
    public static String scramJaasConfig(String user, String password) {
        requireJaasSafe(user, "user");
        requireJaasSafe(password, "password");
        return "org.apache.kafka.common.security.scram.ScramLoginModule required username=\""
                + user
                + "\" password=\""
                + password
                + "\";";
    }

    /** Writes the settings for {@link BrokerMain}, readable by the owner only where POSIX. */
    void writeTo(Path file) {
        Properties p = new Properties();
        p.setProperty(KEYSTORE, keystore.toString());
        p.setProperty(KEYSTORE_PASSWORD, keystorePassword);
        p.setProperty(TRUSTSTORE, truststore.toString());
        p.setProperty(TRUSTSTORE_PASSWORD, truststorePassword);
        p.setProperty(SUPER_USER, superUser);
        p.setProperty(SUPER_USER_PASSWORD, superUserPassword);
        try {
            Files.deleteIfExists(file);
            Files.createFile(file);
            ownerOnly(file);
            try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
                p.store(w, "kd-stream local broker: secured mode (written by LocalBroker)");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + file, e);
        }
    }

    /** Reads what {@link #writeTo} wrote; a missing key is named in the error. */
    static BrokerSecurity readFrom(Path file) {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the security settings " + file, e);
        }
        return new BrokerSecurity(
                Path.of(required(p, KEYSTORE, file)),
                required(p, KEYSTORE_PASSWORD, file),
                Path.of(required(p, TRUSTSTORE, file)),
                required(p, TRUSTSTORE_PASSWORD, file),
                required(p, SUPER_USER, file),
                required(p, SUPER_USER_PASSWORD, file));
    }

    /**
     * Restricts a file holding secrets to its owner; a no-op where the file system is not POSIX.
     */
    static void ownerOnly(Path file) throws IOException {
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            // Not POSIX (Windows): the data directory's own permissions apply.
        }
    }

    private static String required(Properties p, String key, Path file) {
        String value = p.getProperty(key);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(file + " lacks '" + key + "'");
        }
        return value;
    }

    private static Path requireFile(Path path, String name) {
        if (path == null || !Files.isRegularFile(path)) {
            throw new IllegalArgumentException(
                    "BrokerSecurity."
                            + name
                            + ": no such file: "
                            + path
                            + " (create the store first)");
        }
        return path.toAbsolutePath().normalize();
    }

    /** The values go into JAAS lines and properties files: no quotes, backslashes or blanks. */
    private static void requireJaasSafe(String value, String name) {
        if (value == null || value.isEmpty() || !value.matches("[A-Za-z0-9._@+=-]+")) {
            throw new IllegalArgumentException(
                    "BrokerSecurity."
                            + name
                            + " must be non-empty and use only letters, digits and . _ @ + = -"
                            + " (it is quoted into a JAAS line)");
        }
    }
}
