package io.kdstream.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kdstream.core.messaging.KdTopics;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Scenario 5: hundreds of invalid experiment requests (each field out of range, of the wrong type,
 * missing, NaN, huge arrays, bodies that are not JSON) against the packaged evaluator on a real
 * broker. Each must be answered 400 naming every invalid field, and none may publish a job; a valid
 * request sent last is accepted, so the 400s are the requests' fault, not the service's. The same
 * valid request without the API password is 401 and publishes nothing, and an evaluator given no
 * password does not start.
 */
class InvalidRequestsIT {

    // numbers as written: 1e400 must reach the service as 1e400, not as Infinity
    private static final ObjectMapper JSON =
            new ObjectMapper()
                    .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                    .setNodeFactory(JsonNodeFactory.withExactBigDecimals(true));
    private static final String RUN_ID = "fault-run-1";
    private static final String JOBS = "kd." + KdTopics.STUDENT_JOBS;

    private static Deployment deployment;
    private static ServiceProcess evaluator;

    @BeforeAll
    static void start() {
        deployment = new Deployment("invalid-requests");
        deployment.startBroker();
        // no standard experiment: the only job on the topic may be the valid request's
        evaluator =
                deployment.start(
                        "evaluator-service",
                        "evaluator",
                        Map.of("kd.evaluator.auto-experiment", "false"));
        // a COMPLETE run for the requests to name, so that each request is wrong only where meant
        Records.completeRun(deployment.topics(), RUN_ID);
        Awaits.until(
                "the evaluator knows run " + RUN_ID,
                () -> evaluator.getJson("/api/runs").toString().contains(RUN_ID));
    }

    @AfterAll
    static void stop() {
        if (deployment != null) {
            deployment.close();
        }
    }

    @Test
    void aRequestWithoutThePasswordIs401AndPublishesNothing() {
        int before = deployment.topics().readAll(JOBS).size();
        HttpResponse<String> r =
                evaluator.postJsonAnonymously("/api/experiments", request(x -> {}).toString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(401);
        assertThat(deployment.topics().readAll(JOBS)).hasSize(before);
    }

    @Test
    void anEvaluatorWithoutAnApiPasswordDoesNotStart() {
        // an empty system property hides the KD_API_PASSWORD every ServiceProcess gets
        assertThatThrownBy(
                        () ->
                                deployment.start(
                                        "evaluator-service",
                                        "evaluator-no-password",
                                        Map.of("KD_API_PASSWORD", "")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("exited with")
                .hasMessageContaining("quarkus.security.users.embedded.users.kd");
    }

    @Test
    void everyInvalidRequestIs400NamingEachViolationAndPublishesNothing() throws Exception {
        Map<String, Case> cases = invalidRequests();
        assertThat(cases.size()).isGreaterThanOrEqualTo(200);

        List<String> wrong = new ArrayList<>();
        for (Map.Entry<String, Case> e : cases.entrySet()) {
            Case c = e.getValue();
            HttpResponse<String> r = evaluator.postJson("/api/experiments", c.body());
            List<String> named = new ArrayList<>();
            if (r.statusCode() == 400) {
                for (JsonNode v : JSON.readTree(r.body()).path("violations")) {
                    named.add(v.path("field").asText());
                    if (v.path("message").asText().isBlank()) {
                        wrong.add(e.getKey() + ": violation of " + v + " has no message");
                    }
                }
            }
            if (r.statusCode() != 400 || !named.containsAll(c.fields())) {
                wrong.add(
                        e.getKey()
                                + ": expected 400 naming "
                                + c.fields()
                                + ", got "
                                + r.statusCode()
                                + " "
                                + abbreviate(r.body()));
            }
        }
        assertThat(wrong).as("requests not answered as expected").isEmpty();
        System.out.printf(
                "fault suite: %d invalid requests, each 400 naming its fields%n", cases.size());
        assertThat(evaluator.isAlive()).isTrue();
        assertThat(evaluator.status("/q/health/ready")).isEqualTo(200);
        assertThat(deployment.topics().readAll(JOBS))
                .as("jobs published by invalid requests")
                .isEmpty();

        // the control: the same baseline, valid, is accepted and publishes its one job
        HttpResponse<String> ok =
                evaluator.postJson("/api/experiments", request(r -> {}).toString());
        assertThat(ok.statusCode()).as(ok.body()).isEqualTo(202);
        Awaits.until(
                "the valid request's job is on " + JOBS,
                () -> deployment.topics().readAll(JOBS).size() == 1);
    }

    /** A request name, its body, and the fields its 400 must name. */
    record Case(String body, List<String> fields) {}

    private static Map<String, Case> invalidRequests() {
        Map<String, Case> cases = new LinkedHashMap<>();
        Map<String, List<Object>> badValues = new LinkedHashMap<>();
        Object missing = new Object();
        List<Object> common = List.of(missing, "null", "\"text\"", "[1]", "{}", "true");
        badValues.put("architecture", list(common, "\"no-such-net\"", "\"\"", "42"));
        badValues.put("lossMode", list(common, "\"kl\"", "\"\"", "7"));
        badValues.put(
                "alpha", list(common, "-0.1", "1.5", "\"NaN\"", "\"Infinity\"", "1e400", "-1e400"));
        badValues.put(
                "temperature", list(common, "0", "-1", "\"NaN\"", "\"Infinity\"", "1e39", "1e400"));
        badValues.put("epochs", list(common, "0", "-3", "1000000000", "2.5", "1e12", "\"NaN\""));
        badValues.put(
                "learningRate",
                list(common, "0", "-0.01", "1e-50", "\"NaN\"", "\"Infinity\"", "1e39"));
        badValues.put("momentum", list(common, "-0.5", "1", "0.99999999", "\"NaN\"", "2"));
        badValues.put("batchSize", list(common, "0", "-64", "60000", "1e12", "64.5"));
        badValues.put("seed", list(common, "1e30", "1.5", "\"NaN\""));
        badValues.put(
                "label",
                List.of(
                        "\"\"",
                        "\"has space\"",
                        "\"" + "x".repeat(41) + "\"",
                        "\"../etc\"",
                        "42",
                        "[\"a\"]"));
        badValues.put("weightInit", List.of("\"xavier\"", "\"\"", "7", "[]"));
        // each bad value in the first student, then in the third of three: named with its index
        for (int at : new int[] {0, 2}) {
            for (Map.Entry<String, List<Object>> f : badValues.entrySet()) {
                int i = 0;
                for (Object v : f.getValue()) {
                    ObjectNode bad = student().put("label", "s" + at);
                    if (v == missing) {
                        bad.remove(f.getKey());
                    } else {
                        bad.set(f.getKey(), raw(v.toString()));
                    }
                    ArrayNode students = JSON.createArrayNode();
                    for (int k = 0; k < 3 && (at > 0 || k == 0); k++) {
                        students.add(k == at ? bad : student().put("label", "s" + k));
                    }
                    ObjectNode body = request(s -> {}).set("students", students);
                    cases.put(
                            f.getKey() + "#" + i++ + "@" + at,
                            new Case(
                                    body.toString(),
                                    List.of("students[" + at + "]." + f.getKey())));
                }
            }
        }
        // two students, both wrong in different fields: both named, with their index
        for (String a : badValues.keySet()) {
            for (String b : List.of("epochs", "alpha", "batchSize")) {
                if (a.equals(b)
                        || !badValues.get(a).contains("null")
                                && !List.of("label", "weightInit").contains(a)) {
                    continue;
                }
                ObjectNode body = request(s -> s.set(b, raw("-1")));
                ObjectNode second = student();
                second.set(
                        a, raw(a.equals("label") || a.equals("weightInit") ? "\"!bad!\"" : "null"));
                ((ArrayNode) body.get("students")).add(second);
                cases.put(
                        "two-students:" + a + "+" + b,
                        new Case(body.toString(), List.of("students[0]." + b, "students[1]." + a)));
            }
        }
        // the request itself
        cases.put(
                "no teacherRunId",
                new Case(
                        request(s -> {}).without("teacherRunId").toString(),
                        List.of("teacherRunId")));
        cases.put(
                "unknown teacherRunId",
                new Case(
                        request(s -> {}).put("teacherRunId", "no-such-run").toString(),
                        List.of("teacherRunId")));
        cases.put(
                "blank teacherRunId",
                new Case(
                        request(s -> {}).put("teacherRunId", " ").toString(),
                        List.of("teacherRunId")));
        cases.put(
                "numeric teacherRunId",
                new Case(
                        request(s -> {}).put("teacherRunId", 5).toString(),
                        List.of("teacherRunId")));
        cases.put(
                "no students",
                new Case(request(s -> {}).without("students").toString(), List.of("students")));
        cases.put(
                "empty students",
                new Case(
                        request(s -> {}).set("students", JSON.createArrayNode()).toString(),
                        List.of("students")));
        cases.put(
                "students not an array",
                new Case(request(s -> {}).put("students", "all").toString(), List.of("students")));
        cases.put(
                "null student",
                new Case(
                        request(s -> {})
                                .set("students", JSON.createArrayNode().addNull())
                                .toString(),
                        List.of("students[0]")));
        ArrayNode many = JSON.createArrayNode();
        for (int i = 0; i < 10_000; i++) {
            many.add(student().put("label", "s" + i));
        }
        cases.put(
                "10,000 students",
                new Case(request(s -> {}).set("students", many).toString(), List.of("students")));
        ArrayNode duplicates =
                JSON.createArrayNode()
                        .add(student().put("label", "twin"))
                        .add(student().put("label", "twin"));
        cases.put(
                "duplicate labels",
                new Case(
                        request(s -> {}).set("students", duplicates).toString(),
                        List.of("students[1].label")));
        cases.put("empty body", new Case("", List.of("body")));
        cases.put("not JSON", new Case("students=1&epochs=2", List.of("body")));
        cases.put(
                "truncated JSON",
                new Case(request(s -> {}).toString().substring(0, 40), List.of("body")));
        cases.put("JSON array", new Case("[]", List.of("body")));
        cases.put("JSON string", new Case("\"experiment\"", List.of("body")));
        cases.put("JSON null", new Case("null", List.of("body")));
        return cases;
    }

    private static ObjectNode request(Consumer<ObjectNode> change) {
        ObjectNode s = student();
        change.accept(s);
        ObjectNode r = JSON.createObjectNode().put("teacherRunId", RUN_ID);
        r.set("students", JSON.createArrayNode().add(s));
        return r;
    }

    private static ObjectNode student() {
        return JSON.createObjectNode()
                .put("architecture", "tutorial-student")
                .put("lossMode", "hinton")
                .put("alpha", 0.1)
                .put("temperature", 10.0)
                .put("epochs", 1)
                .put("learningRate", 0.005)
                .put("momentum", 0.9)
                .put("batchSize", 64)
                .put("seed", 7);
    }

    private static JsonNode raw(String json) {
        try {
            return JSON.readTree(json);
        } catch (Exception e) {
            throw new IllegalArgumentException(json, e);
        }
    }

    private static List<Object> list(List<Object> common, Object... more) {
        List<Object> all = new ArrayList<>(common);
        all.addAll(List.of(more));
        return all;
    }

    private static String abbreviate(String s) {
        return s.length() > 300 ? s.substring(0, 300) + "..." : s;
    }
}
