package dev.lorakit.zoo.weights;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import dev.lorakit.lora.ModuleTree;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * Copies checkpoint tensors into an initialized block, matching them by the
 * {@link ModuleTree} names of its parameters, strictly: a parameter without a tensor, a tensor
 * without a parameter (unless ignored) or a tensor of the wrong shape is an error that names
 * every offending key. Nothing is copied unless everything matches.
 *
 * <pre>{@code
 * WeightAssignment.builder()
 *         .setTensors(tensors)
 *         .optStripPrefixes(List.of("bert."))
 *         .build()
 *         .applyTo(bert, "model.safetensors");
 * }</pre>
 */
public final class WeightAssignment {

    private final Map<String, HostTensor> tensors;
    private final List<String> stripPrefixes;
    private final Predicate<String> ignore;

    private WeightAssignment(Builder builder) {
        this.tensors = builder.tensors;
        this.stripPrefixes = builder.stripPrefixes;
        this.ignore = builder.ignore;
    }

    /**
     * Creates a builder.
     *
     * @return a new builder; {@link Builder#setTensors(Map)} is required
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Checks every tensor against the block's parameters, then copies them in.
     *
     * @param block an initialized block
     * @param source where the tensors came from, for error messages (a file name)
     * @return the number of parameters assigned
     * @throws IllegalArgumentException naming missing, unexpected and mis-shaped tensors
     */
    public int applyTo(Block block, String source) {
        Map<String, Parameter> params = ModuleTree.namedParameters(block);
        Map<String, HostTensor> byParam = new LinkedHashMap<>();
        List<String> unexpected = new ArrayList<>();
        for (Map.Entry<String, HostTensor> e : tensors.entrySet()) {
            String key = parameterKey(e.getKey(), params);
            if (params.containsKey(key)) {
                if (byParam.put(key, e.getValue()) != null) {
                    throw new IllegalArgumentException(
                            source + ": two tensors map to parameter '" + key + "'");
                }
            } else if (!ignore.test(key)) {
                unexpected.add(e.getKey());
            }
        }
        List<String> problems = new ArrayList<>();
        TreeSet<String> missing = new TreeSet<>(params.keySet());
        missing.removeAll(byParam.keySet());
        if (!missing.isEmpty()) {
            problems.add("missing tensors " + missing);
        }
        if (!unexpected.isEmpty()) {
            problems.add("unexpected tensors " + unexpected);
        }
        for (Map.Entry<String, HostTensor> e : byParam.entrySet()) {
            Shape want = params.get(e.getKey()).getArray().getShape();
            long[] got = e.getValue().shape();
            if (!Arrays.equals(want.getShape(), got)) {
                problems.add(
                        "tensor '"
                                + e.getKey()
                                + "' has shape "
                                + Arrays.toString(got)
                                + " but the model needs "
                                + want);
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(
                    source + " does not fit the model: " + String.join("; ", problems));
        }
        for (Map.Entry<String, HostTensor> e : byParam.entrySet()) {
            NDArray array = params.get(e.getKey()).getArray();
            array.set(FloatBuffer.wrap(e.getValue().data()));
        }
        return byParam.size();
    }

    private String parameterKey(String tensorKey, Map<String, Parameter> params) {
        if (params.containsKey(tensorKey)) {
            return tensorKey;
        }
        for (String prefix : stripPrefixes) {
            if (tensorKey.startsWith(prefix)) {
                return tensorKey.substring(prefix.length());
            }
        }
        return tensorKey;
    }

    /** Builds a {@link WeightAssignment}. */
    public static final class Builder {

        private Map<String, HostTensor> tensors;
        private List<String> stripPrefixes = List.of();
        private Predicate<String> ignore = key -> false;

        Builder() {}

        /**
         * Sets the tensors by checkpoint key (required).
         *
         * @param tensors checkpoint key → tensor
         * @return this builder
         */
        public Builder setTensors(Map<String, HostTensor> tensors) {
            this.tensors = tensors;
            return this;
        }

        /**
         * Prefixes removed from checkpoint keys that do not name a parameter as they are
         * ({@code bert.}, {@code roberta.} of task checkpoints).
         *
         * @param prefixes prefixes tried in order
         * @return this builder
         */
        public Builder optStripPrefixes(List<String> prefixes) {
            this.stripPrefixes = List.copyOf(prefixes);
            return this;
        }

        /**
         * Checkpoint keys (after prefix stripping) that are known not to be parameters and are
         * skipped instead of reported, such as the {@code embeddings.position_ids} buffer.
         *
         * @param ignore true for keys to skip
         * @return this builder
         */
        public Builder optIgnore(Predicate<String> ignore) {
            this.ignore = ignore;
            return this;
        }

        /**
         * Builds the assignment.
         *
         * @return the assignment
         * @throws IllegalArgumentException when no tensors were set
         */
        public WeightAssignment build() {
            if (tensors == null) {
                throw new IllegalArgumentException("WeightAssignment.Builder: setTensors is required");
            }
            return new WeightAssignment(this);
        }
    }
}
