package dev.lorakit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import dev.lorakit.lora.LoraConfig;
import dev.lorakit.lora.LoraModel;
import dev.lorakit.lora.peft.PeftAdapters;
import dev.lorakit.lora.peft.PeftMetadata;
import dev.lorakit.zoo.vision.FastStylizer;
import dev.lorakit.zoo.vision.Images;
import dev.lorakit.zoo.vision.TransformerNet;
import dev.lorakit.zoo.vision.VisionWeights;
import java.awt.image.BufferedImage;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code lorakit stylize} end to end on a tiny base network and a style adapter written here. */
class StylizeCommandTest {

    @TempDir Path tmp;

    private record Result(int code, String out, String err) {}

    private static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.newCommandLine().setOut(new PrintWriter(out)).setErr(new PrintWriter(err)).execute(args);
        return new Result(code, out.toString(), err.toString());
    }

    /** A style run directory as the plugin leaves it: adapter/ and the base network it names. */
    private Path styleRun(NDManager manager) throws Exception {
        TransformerNet net = TransformerNet.builder().optChannels(4, 8, 8).optResidualBlocks(1).build();
        net.initialize(manager, DataType.FLOAT32, new Shape(1, 3, 16, 16));
        Path base = tmp.resolve("base.safetensors");
        VisionWeights.save(net, base, Map.of("format", "pt"));
        LoraModel lora = LoraModel.builder().setBlock(net).setConfig(LoraConfig.of("conv2d").withR(2)).optSeed(3).build();
        // A trained adapter has non-zero B; PEFT's initial zeros would change nothing.
        for (Map.Entry<String, Parameter> e : lora.trainableParameters().entrySet()) {
            if (e.getKey().contains("lora_B")) {
                Parameter p = e.getValue();
                manager.randomNormal(0f, 0.5f, p.getArray().getShape(), DataType.FLOAT32).copyTo(p.getArray());
            }
        }
        Path run = tmp.resolve("starry-run");
        PeftAdapters.save(lora, run.resolve("adapter"), new PeftMetadata("style-transfer", null));
        BufferedImage style = new BufferedImage(8, 8, BufferedImage.TYPE_INT_RGB);
        Images.write(style, tmp.resolve("style.png"));
        FastStylizer.writeRunInfo(run, base, tmp.resolve("style.png"), false);
        return run;
    }

    private Path picture() throws Exception {
        BufferedImage p = new BufferedImage(22, 17, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 17; y++) {
            for (int x = 0; x < 22; x++) {
                p.setRGB(x, y, (x * 11 << 16) | (y * 15 << 8) | 90);
            }
        }
        Path in = tmp.resolve("in.jpg");
        Images.write(p, in);
        return in;
    }

    @Test
    void stylizesWithTheAdapterOfARunAndDrawsAContactSheet() throws Exception {
        try (NDManager manager = NDManager.newBaseManager()) {
            Path run = styleRun(manager);
            Path in = picture();
            Path out = tmp.resolve("out.png");
            Path sheet = tmp.resolve("sheet.png");
            Result r = run("stylize", "--adapter", run.resolve("adapter").toString(), "--contact-sheet", sheet.toString(),
                    in.toString(), out.toString());
            assertThat(r.code()).as(r.err()).isZero();
            assertThat(r.out()).contains("style starry-run");
            BufferedImage styled = Images.read(out);
            // sizes are rounded down to multiples of 4 for the two stride-2 convolutions
            assertThat(styled.getWidth()).isEqualTo(20);
            assertThat(styled.getHeight()).isEqualTo(16);
            assertThat(Images.read(sheet).getWidth()).isGreaterThan(3 * 256);

            Path plain = tmp.resolve("plain.png");
            assertThat(run("stylize", "--base", tmp.resolve("base.safetensors").toString(), in.toString(), plain.toString()).code()).isZero();
            assertThat(Files.mismatch(out, plain)).as("the adapter changes the picture").isNotEqualTo(-1L);
        }
    }

    @Test
    void aFolderOfPicturesIsStylisedIntoAFolderWithOneContactSheetRowEach() throws Exception {
        try (NDManager manager = NDManager.newBaseManager()) {
            Path run = styleRun(manager);
            Path single = tmp.resolve("single.png");
            assertThat(run("stylize", "--adapter", run.toString(), picture().toString(), single.toString()).code()).isZero();
            Path folder = tmp.resolve("pictures");
            Files.createDirectories(folder);
            Files.copy(picture(), folder.resolve("b.jpg"));
            Images.write(Images.read(picture()), folder.resolve("a.PNG"));
            Files.writeString(folder.resolve("notes.txt"), "not a picture");
            Path outDir = tmp.resolve("styled");
            Path sheet = tmp.resolve("sheet.png");
            Result r = run("stylize", "--adapter", run.toString(), "--adapter", run.toString(), "--size", "16",
                    "--contact-sheet", sheet.toString(), folder.toString(), outDir.toString());
            assertThat(r.code()).as(r.err()).isZero();
            try (var listing = Files.list(outDir)) {
                assertThat(listing.map(f -> f.getFileName().toString()))
                        .containsExactlyInAnyOrder("a.png", "a-starry-run-2.png", "b.png", "b-starry-run-2.png");
            }
            // --size 16 scales the 22x17 picture to 20x16 (shorter side 16, multiple of 4).
            assertThat(Images.read(outDir.resolve("b.png")).getHeight()).isEqualTo(16);
            // Two rows of content, style and two results.
            BufferedImage drawn = Images.read(sheet);
            assertThat(drawn.getHeight()).isGreaterThan(2 * 256).isLessThan(3 * 256);
            assertThat(drawn.getWidth()).isGreaterThan(4 * 256);

            Path empty = tmp.resolve("empty");
            Files.createDirectories(empty);
            Result none = run("stylize", "--adapter", run.toString(), empty.toString(), outDir.toString());
            assertThat(none.err()).contains("folder " + empty + " holds no pictures (.png, .jpg, .jpeg)");
            Result intoFile = run("stylize", "--adapter", run.toString(), folder.toString(), single.toString());
            assertThat(intoFile.err()).contains("is a folder, so OUT must be a folder too, but " + single + " is a file");
        }
    }

    @Test
    void errorsNameWhatIsMissing() throws Exception {
        Path in = picture();
        Path out = tmp.resolve("out.png");
        Result none = run("stylize", in.toString(), out.toString());
        assertThat(none.code()).isEqualTo(2);
        assertThat(none.err()).contains("give --adapter STYLE_DIR");
        Files.createDirectories(tmp.resolve("lonely"));
        Result noRun = run("stylize", "--adapter", tmp.resolve("lonely").toString(), in.toString(), out.toString());
        assertThat(noRun.code()).isEqualTo(2);
        assertThat(noRun.err()).contains("not the adapter of a style-transfer run; name the base network with --base FILE");
        Result missing = run("stylize", "--base", tmp.resolve("nope.safetensors").toString(), in.toString(), out.toString());
        assertThat(missing.err()).contains("base network").contains("nope.safetensors does not exist");
        Result badIn = run("stylize", "--base", "x", tmp.resolve("absent.jpg").toString(), out.toString());
        assertThat(badIn.err()).contains("absent.jpg does not exist");
        assertThat(out).doesNotExist();
    }
}
