package dev.lorakit.train.checkpoint;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.lorakit.api.MainMetric;
import dev.lorakit.api.Stateful;
import dev.lorakit.train.CheckpointConfig;
import dev.lorakit.lora.io.Safetensors;
import dev.lorakit.lora.io.SafetensorsFile;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A run's checkpoints: {@code checkpoints/step-000500/} directories that are complete or absent.
 *
 * <pre>{@code
 * CheckpointStore store = CheckpointStore.builder()
 *         .setDirectory(runDir.resolve("checkpoints"))
 *         .optKeepLast(2).optKeepBest(1).optBestMetric(new MainMetric("eval/accuracy", true))
 *         .build();
 * store.save(step, CheckpointContent.of(learner, false, trainerState, task.state(), yaml), metrics);
 * store.latestValid().ifPresent(c -> store.restore(c, content, manager));
 * }</pre>
 *
 * <p>A checkpoint holds {@code parameters.safetensors}, one {@code NAME.state} file per state
 * part, {@code config.resolved.yaml}, {@code format_version} and {@code manifest.json} (the
 * sha256 and size of every other file). It is written into a hidden temp directory, every file
 * and the directory are fsynced, the manifest is written last, and the directory is renamed
 * atomically to its final name: a crash at any moment leaves either the complete checkpoint or
 * none. {@link #latestValid()} verifies manifests and reports and skips any checkpoint that was
 * damaged afterwards (truncated, edited, a file missing).
 *
 * <p>Retention after each save keeps the newest {@code keep_last} and the best {@code
 * keep_best} by the best metric; others are renamed away and deleted.
 */
public final class CheckpointStore {

    /** The checkpoint layout version written into {@code format_version} and the manifest. */
    public static final int FORMAT_VERSION = 1;

    /**
     * Test hook: milliseconds to pause inside {@link #save} after the data files are written and
     * before the manifest and the rename, so that a test can kill the process mid-write.
     */
    public static final String PAUSE_PROPERTY = "lorakit.test.checkpointPauseMillis";

    static final String PARAMETERS_FILE = "parameters.safetensors";
    static final String MANIFEST_FILE = "manifest.json";
    static final String CONFIG_FILE = "config.resolved.yaml";
    static final String VERSION_FILE = "format_version";
    static final String STATE_SUFFIX = ".state";

    private static final Logger LOG = LoggerFactory.getLogger(CheckpointStore.class);
    private static final Pattern STEP_DIR = Pattern.compile("step-(\\d+)");
    private static final ObjectMapper JSON =
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final Path directory;
    private final int keepLast;
    private final int keepBest;
    private final MainMetric bestMetric;
    private final List<String> problems = new ArrayList<>();

    private CheckpointStore(Builder b) {
        this.directory = b.directory;
        this.keepLast = b.keepLast;
        this.keepBest = b.keepBest;
        this.bestMetric = b.bestMetric;
    }

    /**
     * A new builder.
     *
     * @return the builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The store a {@code checkpoint:} section describes. {@code best_metric} defaults to the
     * task's main metric; another metric ranks higher-is-better unless its name ends in {@code
     * loss}.
     *
     * @param config the {@code checkpoint:} section
     * @param directory the run's checkpoints directory
     * @param mainMetric the task's main metric
     * @return the store
     */
    public static CheckpointStore fromConfig(CheckpointConfig config, Path directory, MainMetric mainMetric) {
        MainMetric best = mainMetric;
        if (config.bestMetric() != null && !config.bestMetric().equals(mainMetric.name())) {
            best = new MainMetric(config.bestMetric(), !config.bestMetric().endsWith("loss"));
        }
        return builder()
                .setDirectory(directory)
                .optKeepLast(config.keepLast())
                .optKeepBest(config.keepBest())
                .optBestMetric(best)
                .build();
    }

    /**
     * The directory holding the {@code step-NNNNNN} checkpoints.
     *
     * @return the checkpoints directory
     */
    public Path directory() {
        return directory;
    }

    /**
     * The directory name of a step's checkpoint.
     *
     * @param step the step
     * @return {@code step-} and the step, zero-padded to six digits
     */
    public static String directoryName(long step) {
        return String.format("step-%06d", step);
    }

    /**
     * Writes a checkpoint atomically, then applies retention. An existing checkpoint of the same
     * step (left by a run that was resumed from an earlier one) is replaced.
     *
     * @param step the step
     * @param content what to save
     * @param metrics the latest metrics (non-finite values are dropped)
     * @return the written checkpoint
     * @throws IOException when writing fails; no partial checkpoint is left visible
     */
    public Checkpoint save(long step, CheckpointContent content, Map<String, Double> metrics)
            throws IOException {
        Files.createDirectories(directory);
        String name = directoryName(step);
        Path tmp = directory.resolve(".tmp-" + name + "-" + ProcessHandle.current().pid() + "-" + System.nanoTime());
        Files.createDirectory(tmp);
        try {
            Map<String, Manifest.FileEntry> files = new LinkedHashMap<>();
            Map<String, NDArray> tensors = new LinkedHashMap<>();
            content.parameters().forEach((n, p) -> tensors.put(n, p.getArray()));
            Path parameters = tmp.resolve(PARAMETERS_FILE);
            // lorakit's spec-conformant writer (aligned, with __metadata__); it fsyncs the file.
            Safetensors.write(parameters, tensors, Map.of("format", "pt", "lorakit_step", Long.toString(step)));
            files.put(PARAMETERS_FILE, new Manifest.FileEntry(Files.size(parameters), sha256(parameters)));
            for (Map.Entry<String, Stateful> part : content.states().entrySet()) {
                String file = part.getKey() + STATE_SUFFIX;
                files.put(file, writeFile(tmp.resolve(file), part.getValue()::save));
            }
            if (content.resolvedConfig() != null) {
                byte[] yaml = content.resolvedConfig().getBytes(StandardCharsets.UTF_8);
                files.put(CONFIG_FILE, writeFile(tmp.resolve(CONFIG_FILE), out -> out.write(yaml)));
            }
            byte[] version = (FORMAT_VERSION + "\n").getBytes(StandardCharsets.UTF_8);
            files.put(VERSION_FILE, writeFile(tmp.resolve(VERSION_FILE), out -> out.write(version)));
            pauseForTests();
            Map<String, Double> finite = new LinkedHashMap<>();
            metrics.forEach((k, v) -> {
                if (v != null && Double.isFinite(v)) {
                    finite.put(k, v);
                }
            });
            Manifest manifest = new Manifest(
                    FORMAT_VERSION, step, Instant.now().toString(), content.adapterOnly(), finite, files);
            writeFile(tmp.resolve(MANIFEST_FILE), out -> JSON.writeValue(new NonClosing(out), manifest));
            fsync(tmp);
            Path target = directory.resolve(name);
            if (Files.exists(target)) {
                deleteAside(target);
            }
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            fsync(directory);
            applyRetention();
            return new Checkpoint(step, target, finite, content.adapterOnly());
        } catch (IOException | RuntimeException e) {
            deleteRecursively(tmp);
            throw e;
        }
    }

    /**
     * The newest checkpoint whose manifest verifies. Damaged ones are logged, recorded in
     * {@link #problems()} and skipped; leftovers of interrupted writes are removed.
     *
     * @return the checkpoint, or empty when none verifies
     * @throws IOException when the directory cannot be listed
     */
    public Optional<Checkpoint> latestValid() throws IOException {
        removeLeftovers();
        for (Path dir : stepDirectories()) {
            Optional<String> problem = verify(dir);
            if (problem.isEmpty()) {
                Manifest m = readManifest(dir);
                return Optional.of(new Checkpoint(m.step(), dir, m.metrics(), m.adapterOnly()));
            }
            String report = "Checkpoint " + dir + " is damaged and skipped: " + problem.get();
            LOG.warn(report);
            problems.add(report);
        }
        return Optional.empty();
    }

    /**
     * Every checkpoint whose manifest is readable (not hash-verified), newest first.
     *
     * @return the checkpoints
     * @throws IOException when the directory cannot be listed
     */
    public List<Checkpoint> list() throws IOException {
        List<Checkpoint> out = new ArrayList<>();
        for (Path dir : stepDirectories()) {
            try {
                Manifest m = readManifest(dir);
                out.add(new Checkpoint(m.step(), dir, m.metrics(), m.adapterOnly()));
            } catch (IOException e) {
                // Unreadable manifest: not a checkpoint; latestValid() reports it.
            }
        }
        return out;
    }

    /**
     * Problems found by {@link #latestValid()} so far, one sentence each.
     *
     * @return the reports
     */
    public List<String> problems() {
        return List.copyOf(problems);
    }

    /**
     * Checks a checkpoint directory against its manifest.
     *
     * @param dir a {@code step-NNNNNN} directory
     * @return the first problem found, or empty when every file matches
     */
    public static Optional<String> verify(Path dir) {
        Manifest m;
        try {
            m = readManifest(dir);
        } catch (IOException e) {
            return Optional.of("no complete manifest.json (" + e.getMessage() + ")");
        }
        if (m.formatVersion() != FORMAT_VERSION) {
            return Optional.of("format_version " + m.formatVersion() + ", this lorakit reads " + FORMAT_VERSION);
        }
        if (!dir.getFileName().toString().equals(directoryName(m.step()))) {
            return Optional.of("manifest step " + m.step() + " does not match the directory name");
        }
        if (m.files() == null || !m.files().containsKey(PARAMETERS_FILE)) {
            return Optional.of("manifest lists no " + PARAMETERS_FILE);
        }
        for (Map.Entry<String, Manifest.FileEntry> e : m.files().entrySet()) {
            Path file = dir.resolve(e.getKey());
            try {
                if (!Files.isRegularFile(file)) {
                    return Optional.of(e.getKey() + " is missing");
                }
                long size = Files.size(file);
                if (size != e.getValue().bytes()) {
                    return Optional.of(e.getKey() + " has " + size + " bytes, the manifest says " + e.getValue().bytes());
                }
                String hash = sha256(file);
                if (!hash.equals(e.getValue().sha256())) {
                    return Optional.of(e.getKey() + " has sha256 " + hash + ", the manifest says " + e.getValue().sha256());
                }
            } catch (IOException ex) {
                return Optional.of(e.getKey() + " is unreadable: " + ex.getMessage());
            }
        }
        return Optional.empty();
    }

    /**
     * Loads a checkpoint into the content's parameters (in place) and state parts.
     *
     * @param checkpoint the checkpoint, from {@link #latestValid()}
     * @param content where to load: every parameter and state part named must be in the
     *     checkpoint
     * @param manager a manager for temporary arrays while reading
     * @throws IOException when a file is missing or does not fit the model
     */
    public void restore(Checkpoint checkpoint, CheckpointContent content, NDManager manager)
            throws IOException {
        Path dir = checkpoint.directory();
        if (checkpoint.adapterOnly() && !content.adapterOnly()) {
            throw new IOException(
                    dir + " holds only trainable parameters (adapter_only) but the run restores the whole model;"
                            + " set checkpoint.adapter_only: true or resume from a full checkpoint");
        }
        try (NDManager scratch = manager.newSubManager();
                SafetensorsFile saved = SafetensorsFile.open(dir.resolve(PARAMETERS_FILE))) {
            for (Map.Entry<String, Parameter> e : content.parameters().entrySet()) {
                NDArray target = e.getValue().getArray();
                if (!saved.names().contains(e.getKey())) {
                    throw new IOException(dir.resolve(PARAMETERS_FILE) + " has no tensor '" + e.getKey() + "'");
                }
                NDArray source = saved.load(scratch, e.getKey());
                if (!source.getShape().equals(target.getShape()) || source.getDataType() != target.getDataType()) {
                    throw new IOException(
                            "Tensor '" + e.getKey() + "' in " + dir + " is " + source.getDataType() + source.getShape()
                                    + " but the model's is " + target.getDataType() + target.getShape());
                }
                target.set(source.toByteBuffer());
            }
        }
        for (Map.Entry<String, Stateful> part : content.states().entrySet()) {
            Path file = dir.resolve(part.getKey() + STATE_SUFFIX);
            if (!Files.isRegularFile(file)) {
                throw new IOException(dir + " has no state part '" + part.getKey() + "' (" + file.getFileName() + ")");
            }
            try (InputStream in = Files.newInputStream(file)) {
                part.getValue().load(in);
            }
        }
    }

    private void applyRetention() throws IOException {
        List<Checkpoint> all = list();
        Set<Path> keep = new LinkedHashSet<>();
        all.stream().limit(keepLast).forEach(c -> keep.add(c.directory()));
        if (keepBest > 0 && bestMetric != null) {
            all.stream()
                    .filter(c -> c.metrics().containsKey(bestMetric.name()))
                    .sorted(bestFirst())
                    .limit(keepBest)
                    .forEach(c -> keep.add(c.directory()));
        }
        for (Checkpoint c : all) {
            if (!keep.contains(c.directory())) {
                deleteAside(c.directory());
            }
        }
    }

    private Comparator<Checkpoint> bestFirst() {
        Comparator<Checkpoint> byValue = Comparator.comparingDouble(c -> c.metrics().get(bestMetric.name()));
        if (bestMetric.higherIsBetter()) {
            byValue = byValue.reversed();
        }
        // Ties: the newer checkpoint wins.
        return byValue.thenComparing(Comparator.comparingLong(Checkpoint::step).reversed());
    }

    private List<Path> stepDirectories() throws IOException {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(directory)) {
            return s.filter(p -> STEP_DIR.matcher(p.getFileName().toString()).matches() && Files.isDirectory(p))
                    .sorted(Comparator.comparingLong(CheckpointStore::stepOf).reversed())
                    .toList();
        }
    }

    private static long stepOf(Path dir) {
        Matcher m = STEP_DIR.matcher(dir.getFileName().toString());
        return m.matches() ? Long.parseLong(m.group(1)) : -1;
    }

    private void removeLeftovers() throws IOException {
        if (!Files.isDirectory(directory)) {
            return;
        }
        List<Path> leftovers;
        try (Stream<Path> s = Files.list(directory)) {
            leftovers = s.filter(p -> {
                        String n = p.getFileName().toString();
                        return n.startsWith(".tmp-") || n.startsWith(".del-");
                    })
                    .toList();
        }
        for (Path p : leftovers) {
            LOG.info("Removing {} left by an interrupted checkpoint write or deletion", p);
            deleteRecursively(p);
        }
    }

    private static Manifest readManifest(Path dir) throws IOException {
        Path file = dir.resolve(MANIFEST_FILE);
        if (!Files.isRegularFile(file)) {
            throw new IOException("manifest.json is missing");
        }
        try {
            return JSON.readValue(file.toFile(), Manifest.class);
        } catch (IOException e) {
            throw new IOException("manifest.json is unreadable: " + e.getMessage().lines().findFirst().orElse(""), e);
        }
    }

    /** Writes what a checkpoint part writes. */
    @FunctionalInterface
    private interface Writer {
        void write(OutputStream out) throws IOException;
    }

    private static Manifest.FileEntry writeFile(Path file, Writer writer) throws IOException {
        MessageDigest digest = newSha256();
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            OutputStream raw = Channels.newOutputStream(channel);
            DigestOutputStream out = new DigestOutputStream(new BufferedOutputStream(raw, 1 << 16), digest);
            writer.write(out);
            out.flush();
            channel.force(true);
            return new Manifest.FileEntry(channel.size(), HexFormat.of().formatHex(digest.digest()));
        }
    }

    private static String sha256(Path file) throws IOException {
        MessageDigest digest = newSha256();
        byte[] buffer = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(file)) {
            for (int n; (n = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("The JVM lacks SHA-256", e);
        }
    }

    private static void fsync(Path dir) throws IOException {
        // Syncing a directory makes the names of its entries (and a rename) durable on Linux.
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }

    private void deleteAside(Path dir) throws IOException {
        Path aside = directory.resolve(".del-" + dir.getFileName() + "-" + System.nanoTime());
        Files.move(dir, aside, StandardCopyOption.ATOMIC_MOVE);
        deleteRecursively(aside);
    }

    private static void deleteRecursively(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.delete(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
                    Files.delete(dir);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot delete " + root, e);
        }
    }

    private static void pauseForTests() {
        long millis = Long.getLong(PAUSE_PROPERTY, 0L);
        if (millis > 0) {
            System.err.println("lorakit-test: checkpoint write paused");
            System.err.flush();
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Jackson closes the stream it writes to; the checkpoint writer must fsync first. */
    private static final class NonClosing extends java.io.FilterOutputStream {
        NonClosing(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }

    /** Builds a {@link CheckpointStore}: {@code setX} are required, {@code optX} optional. */
    public static final class Builder {
        private Path directory;
        private int keepLast = 2;
        private int keepBest;
        private MainMetric bestMetric;

        private Builder() {}

        /**
         * The run's checkpoints directory ({@code RUN/checkpoints}); created on first save.
         *
         * @param directory the directory
         * @return this builder
         */
        public Builder setDirectory(Path directory) {
            this.directory = directory;
            return this;
        }

        /**
         * How many of the newest checkpoints to keep; 2 by default.
         *
         * @param n at least 1
         * @return this builder
         */
        public Builder optKeepLast(int n) {
            this.keepLast = n;
            return this;
        }

        /**
         * How many of the best checkpoints to keep besides the newest; 0 by default.
         *
         * @param n at least 0
         * @return this builder
         */
        public Builder optKeepBest(int n) {
            this.keepBest = n;
            return this;
        }

        /**
         * The metric that ranks checkpoints for {@link #optKeepBest}.
         *
         * @param metric the metric and its direction
         * @return this builder
         */
        public Builder optBestMetric(MainMetric metric) {
            this.bestMetric = metric;
            return this;
        }

        /**
         * Validates the settings and builds the store.
         *
         * @return the store
         */
        public CheckpointStore build() {
            if (directory == null) {
                throw new IllegalArgumentException("CheckpointStore needs setDirectory");
            }
            if (keepLast < 1) {
                throw new IllegalArgumentException("checkpoint.keep_last must be >= 1, got " + keepLast);
            }
            if (keepBest < 0) {
                throw new IllegalArgumentException("checkpoint.keep_best must be >= 0, got " + keepBest);
            }
            if (keepBest > 0 && bestMetric == null) {
                throw new IllegalArgumentException("checkpoint.keep_best > 0 needs a best metric");
            }
            return new CheckpointStore(this);
        }
    }
}
