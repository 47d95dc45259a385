package dev.lorakit.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lorakit.zoo.vision.ContactSheet;
import dev.lorakit.zoo.vision.FastStylizer;
import dev.lorakit.zoo.vision.Images;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code lorakit stylize --adapter STYLE_DIR in.jpg out.png}: fast style transfer with a
 * style-transfer run's LoRA adapter on its base transformation network. Several {@code
 * --adapter}s are loaded into one network and swapped per picture; {@code --contact-sheet}
 * draws content, style and one result per adapter. {@code IN} may be a folder: every PNG/JPEG in
 * it is stylised into the folder {@code OUT} (one contact-sheet row per picture), with the
 * network loaded once.
 */
@Command(name = "stylize", mixinStandardHelpOptions = true,
        description = "Stylise a picture with style adapters trained by the style-transfer plugin (fast mode).")
public final class StylizeCommand implements Callable<Integer> {

    /** The pictures a folder {@code IN} contributes. */
    private static final Pattern PICTURE = Pattern.compile("(?i).+\\.(png|jpe?g)");

    @Spec private CommandSpec spec;

    @Option(names = "--adapter", paramLabel = "STYLE_DIR",
            description = "A style run's adapter folder (run/adapter) or run directory; repeat for several styles. "
                    + "Without it the base network alone is applied.")
    private List<Path> adapters = new ArrayList<>();

    @Option(names = "--base", paramLabel = "FILE",
            description = "The base TransformerNet safetensors; default: the one the first adapter's run recorded.")
    private Path base;

    @Option(names = "--size", paramLabel = "N", description = "Scale the input so its shorter side is N pixels first.")
    private Integer size;

    @Option(names = "--contact-sheet", paramLabel = "FILE",
            description = "Also write a contact sheet: content, style and the result of each adapter.")
    private Path contactSheet;

    @Parameters(index = "0", paramLabel = "IN", description = "The picture (PNG or JPEG), or a folder of pictures.")
    private Path input;

    @Parameters(index = "1", paramLabel = "OUT",
            description = "Where to write the result of the first adapter (.png or .jpg); the others go to OUT-<style>.png. "
                    + "With a folder IN, a folder: OUT/<picture>.png and OUT/<picture>-<style>.png.")
    private Path output;

    /** A picture to stylise and where its first style's result goes. */
    private record Job(Path source, BufferedImage picture, Path target) {}

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        if (size != null && size < 4) {
            throw userError("--size must be at least 4, got " + size);
        }
        List<Job> jobs;
        Path baseFile;
        try {
            jobs = jobs();
            baseFile = base != null ? base : adapters.isEmpty() ? null : FastStylizer.baseWeightsOf(adapterFolder(adapters.get(0)));
        } catch (IOException e) {
            throw userError(e.getMessage());
        }
        if (baseFile == null) {
            throw userError("give --adapter STYLE_DIR (a style run's adapter) or --base FILE (a TransformerNet)");
        }
        if (!Files.isRegularFile(baseFile)) {
            throw userError("base network " + baseFile + " does not exist"
                    + (base == null ? " (recorded by the adapter's run; pass --base FILE)" : ""));
        }
        List<String> titles = new ArrayList<>(List.of("content", "style"));
        List<List<BufferedImage>> rows = new ArrayList<>();
        BufferedImage style = styleOf(adapters.isEmpty() ? null : adapters.get(0));
        try (FastStylizer stylizer = FastStylizer.open(baseFile)) {
            List<String> names = new ArrayList<>();
            for (Path a : adapters) {
                String name = uniqueName(styleName(a), names);
                try {
                    stylizer.addStyle(name, adapterFolder(a));
                } catch (IOException | IllegalArgumentException e) {
                    throw userError("adapter " + a + " does not load on base " + baseFile + ": " + e.getMessage());
                }
                names.add(name);
            }
            if (names.isEmpty()) {
                names.add(FastStylizer.BASE);
            }
            titles.addAll(names);
            for (Job job : jobs) {
                List<BufferedImage> row = new ArrayList<>(List.of(job.picture()));
                row.add(style);
                for (int i = 0; i < names.size(); i++) {
                    stylizer.setStyle(names.get(i));
                    long t0 = System.nanoTime();
                    BufferedImage result = stylizer.stylize(job.picture());
                    Path target = i == 0 ? job.target() : sibling(job.target(), names.get(i));
                    Images.write(result, target);
                    out.printf("lorakit: %s -> %s (style %s, %dx%d, %.2f s)%n", job.source(), target, names.get(i),
                            result.getWidth(), result.getHeight(), (System.nanoTime() - t0) / 1e9);
                    row.add(result);
                }
                rows.add(row);
            }
        }
        if (contactSheet != null) {
            Images.write(ContactSheet.draw(titles, rows, 256), contactSheet);
            out.println("lorakit: contact sheet " + contactSheet);
        }
        out.flush();
        return 0;
    }

    /** The pictures to stylise: {@code IN} itself, or every PNG/JPEG in the folder {@code IN}. */
    private List<Job> jobs() throws IOException {
        if (!Files.isDirectory(input)) {
            return List.of(new Job(input, scaled(Images.read(input)), output));
        }
        List<Path> files;
        try (Stream<Path> listing = Files.list(input)) {
            files = listing.filter(f -> Files.isRegularFile(f) && PICTURE.matcher(f.getFileName().toString()).matches())
                    .sorted().toList();
        }
        if (files.isEmpty()) {
            throw new IOException("folder " + input + " holds no pictures (.png, .jpg, .jpeg)");
        }
        if (Files.exists(output) && !Files.isDirectory(output)) {
            throw new IOException("IN " + input + " is a folder, so OUT must be a folder too, but " + output + " is a file");
        }
        List<Job> jobs = new ArrayList<>();
        for (Path f : files) {
            String name = f.getFileName().toString();
            jobs.add(new Job(f, scaled(Images.read(f)), output.resolve(name.substring(0, name.lastIndexOf('.')) + ".png")));
        }
        return jobs;
    }

    private BufferedImage scaled(BufferedImage picture) {
        return size == null ? picture : Images.resizeShorterSide(picture, size);
    }

    private CommandLine.ParameterException userError(String message) {
        return new CommandLine.ParameterException(spec.commandLine(), message);
    }

    /** The adapter folder of a run directory, or the folder itself. */
    private static Path adapterFolder(Path dir) {
        return Files.isDirectory(dir.resolve("adapter")) ? dir.resolve("adapter") : dir;
    }

    /** A style's name: its run directory's name (the folder's, for a bare adapter folder). */
    private static String styleName(Path dir) {
        Path folder = adapterFolder(dir).toAbsolutePath().normalize();
        Path named = folder.getFileName().toString().equals("adapter") && folder.getParent() != null ? folder.getParent() : folder;
        return named.getFileName().toString();
    }

    private static String uniqueName(String name, List<String> taken) {
        String candidate = name.equals(FastStylizer.BASE) ? name + "-adapter" : name;
        for (int i = 2; taken.contains(candidate); i++) {
            candidate = name + "-" + i;
        }
        return candidate;
    }

    /** The style picture the adapter's run recorded, when it is still there. */
    private static BufferedImage styleOf(Path adapter) {
        if (adapter == null) {
            return null;
        }
        Path folder = adapterFolder(adapter).toAbsolutePath().normalize();
        for (Path dir : new Path[] {folder, folder.getParent()}) {
            Path info = dir == null ? null : dir.resolve(FastStylizer.RUN_INFO);
            if (info != null && Files.isRegularFile(info)) {
                try {
                    JsonNode style = new ObjectMapper().readTree(info.toFile()).get("style_image");
                    return style == null ? null : Images.read(Path.of(style.asText()));
                } catch (IOException e) {
                    return null;
                }
            }
        }
        return null;
    }

    private static Path sibling(Path file, String style) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String stem = dot > 0 ? name.substring(0, dot) : name;
        String ext = dot > 0 ? name.substring(dot) : ".png";
        return file.resolveSibling(stem + "-" + style + ext);
    }
}
