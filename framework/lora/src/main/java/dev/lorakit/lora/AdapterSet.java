package dev.lorakit.lora;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Parameter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The named adapters of one {@link LoraLayer}: their A/B parameters, which are active, whether
 * all are disabled, and the stack of merged ones (unmerged in reverse order, as PEFT does).
 */
public final class AdapterSet {

    /** One adapter's settings and parameters. */
    record Entry(AdapterInfo info, Parameter a, Parameter b) {}

    private final Map<String, Entry> entries = new LinkedHashMap<>();
    private final Deque<String> merged = new ArrayDeque<>();
    private List<String> active = List.of();
    private boolean disabled;

    void add(AdapterInfo info, Parameter a, Parameter b) {
        if (entries.containsKey(info.name())) {
            throw new IllegalArgumentException("Adapter '" + info.name() + "' already exists on this layer");
        }
        entries.put(info.name(), new Entry(info, a, b));
        if (active.isEmpty()) {
            active = List.of(info.name());
        }
    }

    Entry remove(String name) {
        Entry e = entry(name);
        if (merged.contains(name)) {
            throw new IllegalStateException("Adapter '" + name + "' is merged; unmerge before deleting it");
        }
        entries.remove(name);
        List<String> rest = new ArrayList<>(active);
        rest.remove(name);
        active = List.copyOf(rest);
        return e;
    }

    Entry entry(String name) {
        Entry e = entries.get(name);
        if (e == null) {
            throw new IllegalArgumentException("No adapter '" + name + "'; adapters are " + entries.keySet());
        }
        return e;
    }

    /**
     * Adapter names in insertion order.
     *
     * @return names
     */
    public List<String> names() {
        return List.copyOf(entries.keySet());
    }

    /**
     * Whether an adapter exists here.
     *
     * @param name the adapter
     * @return true if present
     */
    public boolean contains(String name) {
        return entries.containsKey(name);
    }

    /**
     * An adapter's settings.
     *
     * @param name the adapter
     * @return rank, alpha, scale, dropout
     */
    public AdapterInfo info(String name) {
        return entry(name).info();
    }

    /**
     * An adapter's A parameter.
     *
     * @param name the adapter
     * @return A
     */
    public Parameter a(String name) {
        return entry(name).a();
    }

    /**
     * An adapter's B parameter.
     *
     * @param name the adapter
     * @return B
     */
    public Parameter b(String name) {
        return entry(name).b();
    }

    /**
     * Active adapters that exist on this layer.
     *
     * @return names
     */
    public List<String> active() {
        return active;
    }

    void setActive(List<String> names) {
        active = names.stream().filter(entries::containsKey).toList();
    }

    /**
     * Whether all adapters are bypassed.
     *
     * @return true while disabled
     */
    public boolean isDisabled() {
        return disabled;
    }

    void setDisabled(boolean disabled) {
        this.disabled = disabled;
    }

    /**
     * Merged adapters, most recent first.
     *
     * @return the merge stack
     */
    public List<String> merged() {
        return Collections.unmodifiableList(new ArrayList<>(merged));
    }

    /**
     * The adapters whose factorised path runs in forward: active, not merged, unless disabled.
     *
     * @return names
     */
    public List<String> forwardAdapters() {
        if (disabled) {
            return List.of();
        }
        return active.stream().filter(n -> !merged.contains(n)).toList();
    }

    /**
     * Adds {@code delta} of an adapter to the base weight, in place, and pushes it on the stack.
     *
     * @param layer the layer
     * @param name the adapter
     */
    void merge(LoraLayer layer, String name) {
        if (merged.contains(name)) {
            throw new IllegalStateException("Adapter '" + name + "' is already merged");
        }
        try (NDArray delta = layer.deltaWeight(name)) {
            layer.baseWeight().getArray().addi(delta);
        }
        merged.push(name);
    }

    /**
     * Unmerges the most recently merged adapter.
     *
     * @param layer the layer
     * @return the adapter that was unmerged, or null when none was merged
     */
    String unmergeLast(LoraLayer layer) {
        String name = merged.peek();
        if (name == null) {
            return null;
        }
        try (NDArray delta = layer.deltaWeight(name)) {
            layer.baseWeight().getArray().subi(delta);
        }
        merged.pop();
        return name;
    }
}
