package io.kdstream.core.codec;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import org.apache.avro.Schema;
import org.apache.avro.message.SchemaStore;

/**
 * Earlier versions of a record's schema, so that a reader still decodes records written before a
 * field was added: the topics are durable, and an upgraded service meets old records.
 *
 * <p>Single-object encoding names the writer's schema by its fingerprint; a decoder resolves a
 * record of any schema it knows into the current one (new fields take their defaults). Each old
 * version lives, unchanged, under {@code /avro-history/} on the classpath.
 */
final class SchemaHistory {

    private SchemaHistory() {}

    /**
     * A store of earlier schemas.
     *
     * @param resources file names under {@code /avro-history/}, e.g. {@code
     *     training-progress-v1.avsc}
     * @return the store, for a generated class's {@code createDecoder}
     */
    static SchemaStore of(String... resources) {
        SchemaStore.Cache store = new SchemaStore.Cache();
        for (String name : resources) {
            try (InputStream in =
                    SchemaHistory.class.getResourceAsStream("/avro-history/" + name)) {
                if (in == null) {
                    throw new IllegalStateException(
                            "schema /avro-history/" + name + " is not on the classpath");
                }
                store.addSchema(new Schema.Parser().parse(in));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read schema " + name, e);
            }
        }
        return store;
    }
}
