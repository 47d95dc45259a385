package dev.lorakit.plugins.styletransfer;

import dev.lorakit.api.ExperimentContext;
import dev.lorakit.zoo.vision.Images;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The pictures of a style-transfer run: content pictures and the style picture, read from the
 * config's {@code data_dir} (by default where {@code fetch-images.sh} puts them), and the
 * training crops drawn from the content pictures.
 *
 * @param contentNames the content pictures' file names, for captions
 * @param contents the content pictures
 * @param style the style picture
 * @param styleFile where the style picture was read
 */
record StylePictures(List<String> contentNames, List<BufferedImage> contents, BufferedImage style, Path styleFile) {

    static final String FETCH_HINT = "fetch the pictures with framework/zoo/src/main/scripts/fetch-images.sh";

    static StylePictures load(StyleTransferConfig config, ExperimentContext context) throws IOException {
        Path dir = config.dataDir() == null ? context.dataDirectory().resolve("images") : context.resolve(config.dataDir());
        List<String> names = new ArrayList<>();
        List<BufferedImage> contents = new ArrayList<>();
        for (int i = 0; i < config.contentImages().size(); i++) {
            Path file = find(dir, config.contentImages().get(i), "content_images[" + i + "]");
            names.add(file.getFileName().toString());
            contents.add(Images.read(file));
        }
        Path styleFile = find(dir, config.styleImage(), "style_image");
        return new StylePictures(List.copyOf(names), List.copyOf(contents), Images.read(styleFile), styleFile);
    }

    private static Path find(Path dir, String name, String key) throws IOException {
        Path file = dir.resolve(name);
        if (!Files.isRegularFile(file)) {
            throw new IOException(StyleTransferConfig.SECTION + key + " \"" + name + "\": " + file
                    + " does not exist; " + FETCH_HINT + " or set style-transfer.data_dir");
        }
        return file;
    }

    /**
     * The style picture scaled so that its shorter side is {@code size} (Gram matrices do not
     * depend on the picture's size, but the scale of brush strokes does).
     *
     * @param size the shorter side
     * @return the scaled picture
     */
    BufferedImage styleAt(int size) {
        return Images.resizeShorterSide(style, size);
    }

    /**
     * A picture scaled and centre-cropped to a {@code size × size} square.
     *
     * @param picture the picture
     * @param size the side
     * @return the square
     */
    static BufferedImage square(BufferedImage picture, int size) {
        return Images.centerCrop(Images.resizeShorterSide(picture, size), size, size);
    }

    /**
     * Training crops: for each, a content picture in turn, a random square of 50–100% of its
     * shorter side at a random place, mirrored with probability ½, scaled to {@code size}. A
     * handful of pictures is a tiny training set (Johnson et al. used 80,000 COCO pictures): the
     * network learns these pictures' style well and generalises less.
     *
     * @param count number of crops
     * @param size side of each crop
     * @param rng the run's generator for crops
     * @return the crops
     */
    List<BufferedImage> crops(int count, int size, Random rng) {
        List<BufferedImage> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            BufferedImage p = contents.get(i % contents.size());
            int shorter = Math.min(p.getWidth(), p.getHeight());
            int side = Math.max(Math.min(size, shorter), (int) Math.round(shorter * (0.5 + 0.5 * rng.nextDouble())));
            int x = rng.nextInt(p.getWidth() - side + 1);
            int y = rng.nextInt(p.getHeight() - side + 1);
            BufferedImage crop = Images.resize(p.getSubimage(x, y, side, side), size, size);
            out.add(rng.nextBoolean() ? mirrored(crop) : crop);
        }
        return out;
    }

    private static BufferedImage mirrored(BufferedImage image) {
        int w = image.getWidth();
        BufferedImage out = new BufferedImage(w, image.getHeight(), BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < w; x++) {
                out.setRGB(w - 1 - x, y, image.getRGB(x, y));
            }
        }
        return out;
    }
}
