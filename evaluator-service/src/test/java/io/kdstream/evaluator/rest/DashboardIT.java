package io.kdstream.evaluator.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.djl.Model;
import io.kdstream.broker.testing.LocalKafkaTestResource;
import io.kdstream.broker.testing.TopicRecords;
import io.kdstream.core.codec.ModelCheckpointSerializer;
import io.kdstream.core.codec.TeacherRunSerializer;
import io.kdstream.core.codec.TrainingProgressSerializer;
import io.kdstream.core.data.Mnist;
import io.kdstream.core.data.MnistSplit;
import io.kdstream.core.model.WeightInit;
import io.kdstream.core.schema.ModelCheckpoint;
import io.kdstream.core.schema.ModelRole;
import io.kdstream.core.schema.RunStatus;
import io.kdstream.core.schema.TrainingProgress;
import io.kdstream.core.schema.WorkKind;
import io.kdstream.core.schema.WorkState;
import io.kdstream.core.training.Checkpoints;
import io.kdstream.core.training.ClassifierTrainer;
import io.kdstream.core.training.EpochSummary;
import io.kdstream.core.training.ProgressListener;
import io.kdstream.core.training.TrainingSpec;
import io.kdstream.evaluator.messaging.Records;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.restassured.RestAssured;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The dashboard in a real browser (Debian's headless Chromium, driven by Selenium) against the
 * packaged evaluator, fed real records over the real local broker: a briefly trained teacher's
 * checkpoints and COMPLETE manifest (which start the standard experiment), then progress and
 * checkpoints of its two students, published while the page is open. The page must draw the curves,
 * fill the comparison table, show a confusion matrix and misclassified digits, show the server's
 * validation messages next to the form's fields, refuse a submission without the right API password
 * (saying so), and list an experiment submitted through the form with it. Screenshots go to {@code
 * screenshots.dir}.
 *
 * <p>Without Chromium ({@code apt-get install chromium chromium-driver}) the test is skipped,
 * except in CI ({@code CI=true}), which installs it.
 */
@QuarkusIntegrationTest
@WithTestResource(LocalKafkaTestResource.class)
class DashboardIT {

    /** The API password of the packaged jar: the failsafe environment (root pom) it inherits. */
    private static final String API_PASSWORD = System.getenv("KD_API_PASSWORD");

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final String RUN = "dash-run";
    private static final String EXPERIMENT = "exp-" + RUN;
    private static final String TEACHER = "dash-teacher";

    /** Teacher epochs. */
    private static final int EPOCHS = 2;

    /**
     * Student epochs: those of the standard experiment's jobs
     * (kd.evaluator.standard-experiment.epochs).
     */
    private static final int STUDENT_EPOCHS = 3;

    private static final Duration WAIT = Duration.ofSeconds(120);

    /** A model's parameters after an epoch, with the epoch's mean training loss and throughput. */
    private record Snapshot(byte[] parameters, double trainLoss, double samplesPerSecond) {}

    private static final List<Snapshot> teacherEpochs = new ArrayList<>();
    private static final Map<String, List<Snapshot>> studentEpochs =
            Map.of("hinton", new ArrayList<>(), "scratch", new ArrayList<>());
    private static Path userDataDir;
    private static WebDriver browser;

    /** Trains a teacher and two students briefly (2 or 3 epochs on 4,000 images, seconds each). */
    @BeforeAll
    static void trainModelsAndOpenTheBrowser() throws IOException {
        boolean ci = "true".equalsIgnoreCase(System.getenv("CI"));
        assumeTrue(
                ci || (Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER)),
                "Chromium is not installed: apt-get install chromium chromium-driver");
        MnistSplit train = Mnist.train(Mnist.defaultDataDir()).subset(4000);
        train("tutorial-teacher", 0.02f, 1, EPOCHS, train, teacherEpochs);
        train("tutorial-student", 0.05f, 2, STUDENT_EPOCHS, train, studentEpochs.get("hinton"));
        train("tutorial-student", 0.03f, 3, STUDENT_EPOCHS, train, studentEpochs.get("scratch"));

        userDataDir = Files.createTempDirectory("kd-chromium-");
        // never let Selenium Manager look for (and download) a driver or a browser
        System.setProperty("webdriver.chrome.driver", CHROMEDRIVER.toString());
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments(
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
                "--hide-scrollbars",
                "--user-data-dir=" + userDataDir,
                "--window-size=1400,1000");
        ChromeDriverService service =
                new ChromeDriverService.Builder()
                        .usingDriverExecutable(CHROMEDRIVER.toFile())
                        .build();
        browser = new ChromeDriver(service, options);
    }

    @AfterAll
    static void closeTheBrowser() throws IOException {
        if (browser != null) {
            browser.quit();
        }
        if (userDataDir != null) {
            try (var paths = Files.walk(userDataDir)) {
                paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @Test
    void dashboardShowsLiveCurvesTheComparisonAndTakesExperiments() {
        try (TopicRecords kafka =
                new TopicRecords(LocalKafkaTestResource.sharedBootstrapServers())) {
            dashboardShowsLiveCurvesTheComparisonAndTakesExperiments(kafka);
        }
    }

    private void dashboardShowsLiveCurvesTheComparisonAndTakesExperiments(TopicRecords kafka) {

        // 1. The teacher's checkpoint of each epoch, then the COMPLETE manifest naming the last
        for (int e = 1; e <= EPOCHS; e++) {
            kafka.send(
                    "kd.models",
                    null,
                    TEACHER + "-e" + e,
                    checkpoint(
                            TEACHER + "-e" + e,
                            ModelRole.TEACHER,
                            "tutorial-teacher",
                            TEACHER,
                            "none",
                            e,
                            teacherEpochs.get(e - 1)),
                    new ModelCheckpointSerializer());
        }
        kafka.send(
                "kd.training-progress",
                null,
                TEACHER,
                progress(
                        TEACHER,
                        WorkKind.TEACHER_TRAINING,
                        WorkState.DONE,
                        EPOCHS,
                        250,
                        null,
                        teacherEpochs.get(EPOCHS - 1)),
                new TrainingProgressSerializer());
        kafka.send(
                "kd.teacher-runs",
                null,
                RUN,
                Records.manifest(RUN, TEACHER + "-e" + EPOCHS, RunStatus.COMPLETE),
                new TeacherRunSerializer());
        kafka.send(
                "kd.training-progress",
                null,
                RUN,
                progress(RUN, WorkKind.TEACHER_STREAMING, WorkState.DONE, 1, 32, null, null),
                new TrainingProgressSerializer());

        // 2. The evaluator submits the standard experiment; the dashboard shows it
        WebDriverWait wait = new WebDriverWait(browser, WAIT, Duration.ofMillis(250));
        browser.get("http://localhost:" + RestAssured.port + "/");
        wait.until(
                d ->
                        new Select(d.findElement(By.id("experiment-select")))
                                .getOptions().stream()
                                        .anyMatch(o -> o.getAttribute("value").equals(EXPERIMENT)));
        new Select(browser.findElement(By.id("experiment-select"))).selectByValue(EXPERIMENT);
        wait.until(d -> d.findElement(By.id("connection")).getText().equals("live"));
        wait.until(d -> d.findElements(By.cssSelector("#jobs tbody tr")).size() == 2);

        // 3. While the page is open, the students train: progress, then a checkpoint per epoch
        for (String label : List.of("hinton", "scratch")) {
            String job = EXPERIMENT + "-" + label;
            kafka.send(
                    "kd.training-progress",
                    null,
                    job,
                    progress(
                            job,
                            WorkKind.STUDENT_JOB,
                            WorkState.RUNNING,
                            1,
                            10,
                            label.equals("hinton") ? "student-worker-1" : "student-worker-2",
                            studentEpochs.get(label).get(0)),
                    new TrainingProgressSerializer());
            for (int e = 1; e <= STUDENT_EPOCHS; e++) {
                kafka.send(
                        "kd.models",
                        null,
                        job + "-e" + e,
                        checkpoint(
                                job + "-e" + e,
                                ModelRole.STUDENT,
                                "tutorial-student",
                                job,
                                label.equals("hinton") ? "hinton" : "none",
                                e,
                                studentEpochs.get(label).get(e - 1)),
                        new ModelCheckpointSerializer());
            }
            kafka.send(
                    "kd.training-progress",
                    null,
                    job,
                    progress(
                            job,
                            WorkKind.STUDENT_JOB,
                            WorkState.DONE,
                            STUDENT_EPOCHS,
                            250,
                            label.equals("hinton") ? "student-worker-1" : "student-worker-2",
                            studentEpochs.get(label).get(STUDENT_EPOCHS - 1)),
                    new TrainingProgressSerializer());
        }

        // the curves fill up as the evaluations arrive over server-sent events: (teacher epochs
        // + student epochs) x (accuracy + loss), and the comparison has the teacher and both
        // students
        wait.until(d -> points() == (EPOCHS + 2 * STUDENT_EPOCHS) * 2);
        wait.until(d -> d.findElements(By.cssSelector("#comparison tbody tr")).size() == 3);
        wait.until(d -> d.findElement(By.id("comparison-status")).getText().startsWith("Complete"));
        List<String> rows =
                browser.findElements(By.cssSelector("#comparison tbody tr td:first-child")).stream()
                        .map(WebElement::getText)
                        .toList();
        assertThat(rows).containsExactly("teacher", "hinton", "scratch");
        assertThat(browser.findElements(By.cssSelector("#jobs .state-DONE"))).hasSize(2);

        // the comparison links its reports, which download as files
        String report = browser.findElement(By.id("report-html")).getAttribute("href");
        assertThat(report).endsWith("/api/comparisons/" + EXPERIMENT + "/report.html");
        assertThat(browser.findElement(By.id("report-md")).getAttribute("href"))
                .endsWith("/api/comparisons/" + EXPERIMENT + "/report.md");
        RestAssured.get("/api/comparisons/" + EXPERIMENT + "/report.html")
                .then()
                .statusCode(200)
                .header("Content-Disposition", org.hamcrest.Matchers.containsString("attachment"));

        // 4. The selected model's confusion matrix and misclassified digits
        wait.until(d -> d.findElements(By.cssSelector("#confusion tr")).size() == 11);
        wait.until(d -> !d.findElements(By.cssSelector("#digits .digit canvas")).isEmpty());
        screenshot("dashboard.png", null);

        // 5. The forms: the preset form lists the evaluator's presets
        wait.until(
                d ->
                        new Select(
                                                d.findElement(
                                                        By.cssSelector(
                                                                "#preset-form select[name=preset]")))
                                        .getOptions()
                                        .size()
                                == 3);
        WebElement form = browser.findElement(By.id("experiment-form"));
        new Select(form.findElement(By.name("teacherRunId"))).selectByValue(RUN);

        // 5a. A valid experiment without the API password, then with a wrong one: the form says
        // why, and the evaluator takes nothing (401)
        int experimentsBefore = experimentCount();
        WebElement password = browser.findElement(By.id("api-password"));
        form.findElement(By.cssSelector("button[type=submit]")).click();
        wait.until(d -> status(form).contains("enter the API password"));
        password.sendKeys("not-the-password");
        form.findElement(By.cssSelector("button[type=submit]")).click();
        wait.until(d -> status(form).contains("wrong API password"));
        assertThat(status(form)).contains("KD_API_PASSWORD");
        assertThat(experimentCount()).isEqualTo(experimentsBefore);
        assertThat(browser.findElements(By.id("submitted-experiment"))).isEmpty();
        password.clear();
        password.sendKeys(API_PASSWORD);

        // 5b. An invalid experiment: the server's messages appear next to the fields
        type(form, "alpha", "1.5");
        type(form, "epochs", "0");
        form.findElement(By.cssSelector("button[type=submit]")).click();
        wait.until(d -> !error(form, "alpha").isEmpty());
        assertThat(error(form, "alpha")).contains("must be in [0, 1]");
        assertThat(error(form, "epochs")).contains("must be > 0");
        assertThat(form.findElement(By.name("alpha")).getAttribute("aria-invalid"))
                .isEqualTo("true");
        assertThat(form.findElement(By.id("form-status")).getText()).contains("2 invalid fields");
        screenshot("dashboard-form-validation.png", form);

        // 6. A valid one: accepted, selected, listed with its queued job
        type(form, "alpha", "0.5");
        type(form, "temperature", "4");
        type(form, "epochs", "1");
        type(form, "label", "t4");
        form.findElement(By.cssSelector("button[type=submit]")).click();
        String submitted =
                wait.until(
                        d -> {
                            List<WebElement> id = d.findElements(By.id("submitted-experiment"));
                            return id.isEmpty() ? null : id.get(0).getText();
                        });
        assertThat(submitted).startsWith(EXPERIMENT + "-");
        assertThat(error(form, "alpha")).isEmpty();
        wait.until(
                d ->
                        new Select(d.findElement(By.id("experiment-select")))
                                .getFirstSelectedOption()
                                .getAttribute("value")
                                .equals(submitted));
        wait.until(
                d ->
                        d.findElements(
                                                By.cssSelector(
                                                        "#jobs tbody tr[data-job='"
                                                                + submitted
                                                                + "-t4'] .state-SUBMITTED"))
                                        .size()
                                == 1);
        screenshot("dashboard-submitted.png", browser.findElement(By.id("work-section")));
    }

    @Test
    void observabilityOfThePackagedJar() {
        // ready: the Kafka channels, the DJL engine and the MNIST test set
        RestAssured.get("/q/health/ready")
                .then()
                .statusCode(200)
                .body("status", org.hamcrest.Matchers.is("UP"))
                .body("checks.name", org.hamcrest.Matchers.hasItems("DJL engine", "MNIST test set"))
                .body(
                        "checks.name",
                        org.hamcrest.Matchers.hasItem(
                                org.hamcrest.Matchers.containsString("Reactive Messaging")));
        // the packaged service serves its API description but no Swagger UI (dev mode only)
        RestAssured.get("/q/openapi").then().statusCode(200);
        RestAssured.get("/q/swagger-ui/").then().statusCode(404);

        // the student workers' backlog on student-jobs is measured against the broker (a number,
        // not NaN): no worker runs here, so it is every job submitted so far
        String metrics =
                org.awaitility.Awaitility.await()
                        .atMost(WAIT)
                        .pollInterval(Duration.ofSeconds(1))
                        .until(
                                () ->
                                        RestAssured.get("/q/metrics")
                                                .then()
                                                .statusCode(200)
                                                .extract()
                                                .asString(),
                                m ->
                                        m.matches(
                                                "(?s).*\\nkd_consumer_lag\\{group=\"student-service\",topic=\"kd.student-jobs\"} [0-9].*"));
        // the Kafka client meters of the channels' consumers, from Quarkus' Micrometer binder
        assertThat(metrics).contains("kafka_consumer_fetch_manager_records_lag_max");
        assertThat(metrics).contains("kd_dead_letters_total{channel=\"models\"}");
    }

    private static long points() {
        Object n =
                ((JavascriptExecutor) browser)
                        .executeScript("return window.kd ? window.kd.curves.pointCount() : 0");
        return ((Number) n).longValue();
    }

    private static String status(WebElement form) {
        return form.findElement(By.id("form-status")).getText();
    }

    /** How many experiments the evaluator knows, from its (open) REST API. */
    private static int experimentCount() {
        return RestAssured.get("/api/experiments")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("$")
                .size();
    }

    private static void type(WebElement form, String field, String text) {
        WebElement input = form.findElement(By.name(field));
        input.clear();
        input.sendKeys(text);
    }

    private static String error(WebElement form, String field) {
        return form.findElement(By.cssSelector(".field-error[data-for='" + field + "']")).getText();
    }

    /** Saves the whole page (element null) or one element as a PNG. */
    private static void screenshot(String name, WebElement element) {
        Path dir = Path.of(System.getProperty("screenshots.dir", "target/screenshots"));
        try {
            Files.createDirectories(dir);
            Path png;
            if (element == null) {
                // the full page: grow the window to the document's height first
                long height =
                        ((Number)
                                        ((JavascriptExecutor) browser)
                                                .executeScript(
                                                        "return document.documentElement.scrollHeight"))
                                .longValue();
                Dimension before = browser.manage().window().getSize();
                browser.manage()
                        .window()
                        .setSize(
                                new Dimension(
                                        before.getWidth(), (int) Math.min(height + 140, 4000)));
                png = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE).toPath();
                browser.manage().window().setSize(before);
            } else {
                ((JavascriptExecutor) browser)
                        .executeScript("arguments[0].scrollIntoView()", element);
                png = element.getScreenshotAs(OutputType.FILE).toPath();
            }
            Files.copy(png, dir.resolve(name), StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot save screenshot " + name, e);
        }
    }

    private static void train(
            String architecture,
            float lr,
            long seed,
            int epochCount,
            MnistSplit data,
            List<Snapshot> epochs) {
        TrainingSpec spec =
                TrainingSpec.builder(architecture)
                        .optNoDistillation()
                        .optEpochs(epochCount)
                        .optSgd(lr, 0.9f)
                        .optBatchSize(16)
                        .optSeed(seed)
                        .optWeightInit(WeightInit.PYTORCH_DEFAULT)
                        .build();
        try (Model model = ClassifierTrainer.newModel(spec)) {
            ClassifierTrainer.fit(
                    model,
                    spec,
                    data,
                    null,
                    new ProgressListener() {
                        @Override
                        public void onEpoch(EpochSummary summary) {
                            epochs.add(
                                    new Snapshot(
                                            Checkpoints.toBytes(model.getBlock()),
                                            summary.meanLoss(),
                                            summary.samplesPerSecond()));
                        }
                    });
        }
    }

    private static ModelCheckpoint checkpoint(
            String modelId,
            ModelRole role,
            String architecture,
            String ownerId,
            String lossMode,
            int epoch,
            Snapshot snapshot) {
        boolean student = role == ModelRole.STUDENT;
        return ModelCheckpoint.newBuilder()
                .setModelId(modelId)
                .setRole(role)
                .setArchitecture(architecture)
                .setOwnerId(ownerId)
                .setExperimentId(student ? EXPERIMENT : null)
                .setTeacherRunId(student ? RUN : null)
                .setLossMode(lossMode)
                .setEpoch(epoch)
                .setEpochs(student ? STUDENT_EPOCHS : EPOCHS)
                .setTrainLoss(snapshot.trainLoss())
                .setHyperparameters(Map.of("lr", "0.05"))
                .setParameterCount(0)
                .setParameters(ByteBuffer.wrap(snapshot.parameters()))
                .setCreatedAt(now())
                .build();
    }

    /** A progress record; its loss and samples/s are those of a real epoch, or absent. */
    private static TrainingProgress progress(
            String id,
            WorkKind kind,
            WorkState state,
            int epoch,
            int step,
            String worker,
            Snapshot figures) {
        boolean done = state == WorkState.DONE;
        int epochs =
                kind == WorkKind.TEACHER_STREAMING
                        ? 1
                        : kind == WorkKind.STUDENT_JOB ? STUDENT_EPOCHS : EPOCHS;
        // 4,000 images: 250 training steps of 16, 32 logit records of 128
        int steps = kind == WorkKind.TEACHER_STREAMING ? 32 : 250;
        return TrainingProgress.newBuilder()
                .setId(id)
                .setKind(kind)
                .setState(state)
                .setWorker(worker == null ? "teacher-service" : worker)
                .setExperimentId(kind == WorkKind.STUDENT_JOB ? EXPERIMENT : null)
                .setEpoch(epoch)
                .setEpochs(epochs)
                .setStep(step)
                .setStepsPerEpoch(steps)
                .setLoss(figures == null ? null : figures.trainLoss())
                .setSamplesPerSecond(figures == null ? null : figures.samplesPerSecond())
                .setEtaSeconds(done ? 0.0 : null)
                .setUpdatedAt(now())
                .build();
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }
}
