package dev.lorakit.plugins.styletransfer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import dev.lorakit.api.MetricAccumulator;
import dev.lorakit.zoo.vision.ContactSheet;
import dev.lorakit.zoo.vision.Images;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One evaluation pass of a transformation network: the perceptual loss and its parts averaged
 * over the evaluation pictures, the contact sheet (content, style, result) of the pass, written
 * to {@code report/contact-sheet.png}, and the {@link StyleCheck} of each picture (metrics {@code
 * check_*}, table {@code report/style-check.html}).
 */
final class StyleMetrics implements MetricAccumulator {

    /** The contact sheet in the run directory. */
    static final String CONTACT_SHEET = "report/contact-sheet.png";

    /** Prefix of the {@link StyleCheck} metrics (after the trainer's {@code eval/}). */
    static final String CHECK_PREFIX = "check_";

    private final PerceptualLoss loss;
    private final BufferedImage style;
    private final String resultTitle;
    private final Path sheetFile;
    private final double pretrained;
    private final ColourStatistics styleColours;
    private final List<String> names;
    private final List<List<BufferedImage>> rows = new ArrayList<>();
    private final List<StyleCheck> checks = new ArrayList<>();
    private double total;
    private double content;
    private double styleLoss;
    private double tv;
    private long count;

    StyleMetrics(PerceptualLoss loss, BufferedImage style, List<String> names, String resultTitle, Path sheetFile,
            boolean pretrained) {
        this.loss = loss;
        this.style = style;
        this.styleColours = ColourStatistics.of(style);
        this.names = List.copyOf(names);
        this.resultTitle = resultTitle;
        this.sheetFile = sheetFile;
        this.pretrained = pretrained ? 1 : 0;
    }

    @Override
    public void update(NDList predictions, NDList labels) {
        PerceptualLoss.Terms t = loss.terms(predictions.head(), loss.contentFeatures(labels.head()));
        long n = labels.head().getShape().get(0);
        total += t.total().getFloat() * n;
        content += t.content().getFloat() * n;
        styleLoss += t.style().getFloat() * n;
        tv += t.tv().getFloat() * n;
        count += n;
        for (int i = 0; i < n; i++) {
            NDArray content = labels.head().get(i).expandDims(0);
            NDArray result = predictions.head().get(i).expandDims(0);
            BufferedImage contentPicture = Images.fromArray(content.squeeze(0));
            BufferedImage resultPicture = Images.fromArray(result.squeeze(0));
            rows.add(List.of(contentPicture, style, resultPicture));
            NDList target = loss.contentFeatures(content);
            PerceptualLoss.Terms after = loss.terms(result, target);
            String name = checks.size() < names.size() ? names.get(checks.size()) : "picture " + (checks.size() + 1);
            checks.add(StyleCheck.of(name, contentPicture, resultPicture, styleColours,
                    loss.terms(content, target).style().getFloat(), after.style().getFloat(), after.content().getFloat()));
        }
    }

    @Override
    public Map<String, Double> compute() {
        if (count == 0) {
            throw new IllegalStateException("No evaluation pictures were seen");
        }
        try {
            Images.write(ContactSheet.draw(List.of("content", "style", resultTitle), rows, 192), sheetFile);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the contact sheet " + sheetFile, e);
        }
        Map<String, Double> m = new LinkedHashMap<>();
        try {
            StyleCheck.writeReport(checks, sheetFile.getParent().getParent());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the style check under " + sheetFile.getParent(), e);
        }
        m.put("loss", total / count);
        m.put("content_loss", content / count);
        m.put("style_loss", styleLoss / count);
        m.put("tv_loss", tv / count);
        // 0 tells summary.json readers that the losses came from a random-weight VGG19
        m.put("loss_network_pretrained", pretrained);
        m.putAll(StyleCheck.means(checks, CHECK_PREFIX));
        return m;
    }
}
