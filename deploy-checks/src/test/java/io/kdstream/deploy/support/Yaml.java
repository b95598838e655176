package io.kdstream.deploy.support;

import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.deser.BeanDeserializerBuilder;
import com.fasterxml.jackson.databind.deser.BeanDeserializerModifier;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.type.LogicalType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * YAML reading: plain maps with SnakeYAML, and a Jackson mapper that refuses what it does not know.
 */
public final class Yaml {

    /**
     * Turns every typed model strict: unknown fields fail instead of landing in the {@code
     * additionalProperties} map that Fabric8 and Strimzi models keep through
     * {@code @JsonAnySetter}; scalars are not coerced between strings, numbers and booleans (the
     * API server refuses {@code "8"} where an integer is expected, and {@code 8} where a string is,
     * e.g. in a ConfigMap's data or KEDA trigger metadata).
     */
    public static final ObjectMapper STRICT =
            JsonMapper.builder()
                    .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                    .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                    .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
                    .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                    .addModule(
                            new SimpleModule("no-any-setter")
                                    .setDeserializerModifier(
                                            new BeanDeserializerModifier() {
                                                @Override
                                                public BeanDeserializerBuilder updateBuilder(
                                                        DeserializationConfig config,
                                                        BeanDescription description,
                                                        BeanDeserializerBuilder builder) {
                                                    builder.setAnySetter(null);
                                                    return builder;
                                                }
                                            }))
                    .withCoercionConfig(
                            LogicalType.Textual,
                            c ->
                                    c.setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                                            .setCoercion(
                                                    CoercionInputShape.Float, CoercionAction.Fail)
                                            .setCoercion(
                                                    CoercionInputShape.Boolean,
                                                    CoercionAction.Fail))
                    .build();

    private Yaml() {}

    /**
     * Reads every document of a YAML stream as plain values (maps, lists, strings, numbers),
     * resolving anchors, aliases and merge keys; empty documents are skipped.
     *
     * @param text the YAML text
     * @return one map per document
     */
    @SuppressWarnings("unchecked")
    public static List<Map<String, Object>> documents(String text) {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        org.yaml.snakeyaml.Yaml yaml = new org.yaml.snakeyaml.Yaml(new SafeConstructor(options));
        List<Map<String, Object>> docs = new ArrayList<>();
        for (Object doc : yaml.loadAll(text)) {
            if (doc == null) {
                continue;
            }
            if (!(doc instanceof Map)) {
                throw new IllegalArgumentException("a YAML document is not a mapping: " + doc);
            }
            docs.add((Map<String, Object>) doc);
        }
        return docs;
    }

    /**
     * Reads a single-document YAML text.
     *
     * @param text the YAML text
     * @return the document
     */
    public static Map<String, Object> document(String text) {
        List<Map<String, Object>> docs = documents(text);
        if (docs.size() != 1) {
            throw new IllegalArgumentException("expected one YAML document, found " + docs.size());
        }
        return docs.get(0);
    }

    /**
     * Follows a path of map keys.
     *
     * @param node the start
     * @param keys the keys
     * @return the value, or {@code null} if a key is missing
     */
    @SuppressWarnings("unchecked")
    public static <T> T at(Object node, String... keys) {
        Object current = node;
        for (String key : keys) {
            if (!(current instanceof Map<?, ?> map)) {
                return null;
            }
            current = map.get(key);
        }
        return (T) current;
    }
}
