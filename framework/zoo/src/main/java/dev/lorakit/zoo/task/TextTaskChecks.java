package dev.lorakit.zoo.task;

/**
 * Validation of the settings every text plugin's config shares, so both plugins reject the same
 * values with the same messages.
 */
public final class TextTaskChecks {

    private TextTaskChecks() {}

    /**
     * Checks the shared settings.
     *
     * @param section the config section, e.g. {@code sentiment}
     * @param maxLength {@code max_length}: tokens per text, in [8, 512]
     * @param validationFraction {@code validation_fraction}, >= 0
     * @param testFraction {@code test_fraction}, >= 0; the two sum to less than 1 and more than 0
     * @param maxExamples {@code max_examples}, null or >= 10
     * @throws IllegalArgumentException naming the key and the bad value
     */
    public static void validate(String section, int maxLength, double validationFraction, double testFraction,
            Integer maxExamples) {
        if (maxLength < 8 || maxLength > 512) {
            throw new IllegalArgumentException(section + ".max_length must be in [8, 512], got " + maxLength);
        }
        if (!(validationFraction >= 0 && testFraction >= 0 && validationFraction + testFraction > 0
                && validationFraction + testFraction < 1)) {
            throw new IllegalArgumentException(section + ".validation_fraction and " + section
                    + ".test_fraction must be >= 0 with a sum in (0, 1); got " + validationFraction + " and "
                    + testFraction);
        }
        if (maxExamples != null && maxExamples < 10) {
            throw new IllegalArgumentException(section + ".max_examples must be >= 10, got " + maxExamples);
        }
    }
}
