package dev.lorakit.env;

/** Element type of a {@link Box}, named as numpy names it. */
public enum DType {
    /** 32-bit float, Gymnasium's default for boxes. */
    FLOAT32,
    /** 64-bit float. */
    FLOAT64,
    /** 8-bit unsigned integer (images). */
    UINT8,
    /** 32-bit signed integer. */
    INT32,
    /** 64-bit signed integer. */
    INT64;

    /**
     * Whether values of this type are integers.
     *
     * @return true for the integer types
     */
    public boolean isInteger() {
        return this == UINT8 || this == INT32 || this == INT64;
    }

    /**
     * The numpy name, e.g. {@code float32}.
     *
     * @return the numpy dtype name
     */
    public String numpyName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /**
     * Parses a numpy dtype name.
     *
     * @param name e.g. {@code float32}
     * @return the type
     * @throws IllegalArgumentException when the name is not one of the supported types
     */
    public static DType fromNumpy(String name) {
        for (DType t : values()) {
            if (t.numpyName().equals(name)) {
                return t;
            }
        }
        throw new IllegalArgumentException(
                "Unsupported dtype \"" + name + "\"; supported: " + java.util.Arrays.toString(values()).toLowerCase(java.util.Locale.ROOT));
    }
}
