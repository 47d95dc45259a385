package dev.lorakit.zoo.vision;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lorakit.lora.LoraModel;
import dev.lorakit.lora.io.AtomicFiles;
import dev.lorakit.lora.peft.PeftAdapters;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Fast style transfer at inference: a base {@link TransformerNet} from a safetensors file and any
 * number of per-style LoRA adapters (PEFT folders) on its convolutions, swapped by name without
 * reloading the network.
 *
 * <pre>{@code
 * try (FastStylizer s = FastStylizer.open(Path.of("runs/style-base.safetensors"))) {
 *     s.addStyle("starry", Path.of("runs/starry/adapter"));
 *     s.addStyle("fruits", Path.of("runs/fruits/adapter"));
 *     s.setStyle("fruits");                          // hot swap: no weights are reloaded
 *     Images.write(s.stylize(Images.read(in)), out);
 * }
 * }</pre>
 *
 * <p>A style-transfer run records its base network in {@value #RUN_INFO} in the run directory,
 * so {@link #baseWeightsOf} finds the base of a run's {@code adapter/} folder.
 */
public final class FastStylizer implements AutoCloseable {

    /** The file in a style-transfer run directory that names its base network. */
    public static final String RUN_INFO = "style-network.json";

    /** The name under which a plain base network (no adapter) is selected. */
    public static final String BASE = "base";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final NDManager manager;
    private final TransformerNet net;
    private final ParameterStore ps;
    private LoraModel lora;
    private String style = BASE;
    /** Open while the base network alone is selected; closing it re-enables the adapters. */
    private LoraModel.AdaptersDisabled baseOnly;

    private FastStylizer(NDManager manager, TransformerNet net) {
        this.manager = manager;
        this.net = net;
        this.ps = new ParameterStore(manager, false);
    }

    /**
     * Loads a base network; its sizes are read off the file.
     *
     * @param baseWeights a TransformerNet safetensors file
     * @return the stylizer, with the base network selected
     * @throws IOException when the file is missing or not a TransformerNet
     */
    public static FastStylizer open(Path baseWeights) throws IOException {
        WeightsFile weights = WeightsFile.read(baseWeights);
        TransformerNet net = TransformerNet.builderFor(weights).build();
        NDManager manager = NDManager.newBaseManager();
        try {
            net.initialize(manager, DataType.FLOAT32, new Shape(1, 3, 16, 16));
            weights.loadInto(net, key -> false);
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
        return new FastStylizer(manager, net);
    }

    /**
     * The base network file a style run used, read from {@value #RUN_INFO} in the run directory
     * of an adapter folder ({@code <run>/adapter}) or of the run directory itself.
     *
     * @param adapterOrRun an adapter folder or a run directory
     * @return the base weights file
     * @throws IOException when no run information is found there
     */
    public static Path baseWeightsOf(Path adapterOrRun) throws IOException {
        Path abs = adapterOrRun.toAbsolutePath().normalize();
        for (Path dir : new Path[] {abs, abs.getParent()}) {
            if (dir != null && Files.isRegularFile(dir.resolve(RUN_INFO))) {
                JsonNode info = JSON.readTree(dir.resolve(RUN_INFO).toFile());
                JsonNode base = info.get("base_weights");
                if (base == null || base.isNull()) {
                    throw new IOException(dir.resolve(RUN_INFO) + " names no base_weights");
                }
                return Path.of(base.asText());
            }
        }
        throw new IOException("No " + RUN_INFO + " in " + abs + " or its parent: it is not the adapter of a "
                + "style-transfer run; name the base network with --base FILE");
    }

    /**
     * Records a run's base network and style picture in {@code runDirectory/}{@value #RUN_INFO}.
     *
     * @param runDirectory the run directory
     * @param baseWeights the base network file (absolute)
     * @param styleImage the style picture
     * @param lossNetworkPretrained whether the VGG19 loss network had pretrained weights
     * @throws IOException when writing fails
     */
    public static void writeRunInfo(Path runDirectory, Path baseWeights, Path styleImage, boolean lossNetworkPretrained)
            throws IOException {
        ObjectNode info = JSON.createObjectNode();
        info.put("base_weights", baseWeights.toAbsolutePath().normalize().toString());
        info.put("style_image", styleImage.toAbsolutePath().normalize().toString());
        info.put("loss_network_pretrained", lossNetworkPretrained);
        AtomicFiles.writeString(runDirectory.resolve(RUN_INFO), JSON.writerWithDefaultPrettyPrinter().writeValueAsString(info) + "\n");
    }

    /**
     * Adds a style adapter (a PEFT folder trained on this base network); the current style
     * stays selected.
     *
     * @param name a name for the style, not {@value #BASE}
     * @param adapterFolder the adapter folder
     * @throws IOException when the folder cannot be read or does not fit the base network
     */
    public void addStyle(String name, Path adapterFolder) throws IOException {
        if (BASE.equals(name) || styles().contains(name)) {
            throw new IllegalArgumentException("Style name '" + name + "' is taken; styles are " + styles());
        }
        if (lora == null) {
            lora = PeftAdapters.load(net, adapterFolder, name);
        } else {
            PeftAdapters.loadAdapter(lora, adapterFolder, name);
        }
        setStyle(style);
    }

    /**
     * Selects the style the next {@link #stylize} uses: an added adapter's name, or {@value
     * #BASE} for the base network alone.
     *
     * @param name the style
     */
    public void setStyle(String name) {
        if (!name.equals(BASE) && !styles().contains(name)) {
            throw new IllegalArgumentException("No style '" + name + "'; styles are " + styles() + " and " + BASE);
        }
        if (lora != null) {
            if (name.equals(BASE)) {
                if (baseOnly == null) {
                    baseOnly = lora.disableAdapters();
                }
            } else {
                if (baseOnly != null) {
                    baseOnly.close();
                    baseOnly = null;
                }
                lora.setActiveAdapter(name);
            }
        }
        style = name;
    }

    /**
     * The selected style.
     *
     * @return an adapter name or {@value #BASE}
     */
    public String style() {
        return style;
    }

    /**
     * The added styles, in order.
     *
     * @return adapter names (without {@value #BASE})
     */
    public List<String> styles() {
        return lora == null ? List.of() : new ArrayList<>(lora.adapterNames());
    }

    /**
     * The base network (with the adapters injected once a style is added).
     *
     * @return the network
     */
    public TransformerNet network() {
        return net;
    }

    /**
     * Stylises a picture with the selected style. The picture is scaled so that both sides are
     * multiples of 4 (the network halves them twice), at most by 3 pixels.
     *
     * @param picture the picture
     * @return the stylised picture, of the (rounded) size
     */
    public BufferedImage stylize(BufferedImage picture) {
        int w = Math.max(4, picture.getWidth() / 4 * 4);
        int h = Math.max(4, picture.getHeight() / 4 * 4);
        BufferedImage input = w == picture.getWidth() && h == picture.getHeight() ? picture : Images.resize(picture, w, h);
        try (NDManager step = manager.newSubManager()) {
            NDArray x = Images.toArray(step, input).expandDims(0);
            return Images.fromArray(net.stylize(ps, x));
        }
    }

    @Override
    public void close() {
        manager.close();
    }
}
