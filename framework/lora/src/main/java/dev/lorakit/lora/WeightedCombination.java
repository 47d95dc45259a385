package dev.lorakit.lora;

/** How {@link LoraModel#addWeightedAdapter} combines adapters, as PEFT's {@code add_weighted_adapter}. */
public enum WeightedCombination {
    /**
     * {@code A = Σ √wᵢ·sᵢ·Aᵢ}, {@code B = Σ √wᵢ·Bᵢ}; all ranks must be equal. Cheap, but not
     * the exact weighted sum of the deltas (cross terms), as in PEFT.
     */
    LINEAR,
    /** A and B concatenated along the rank: exactly {@code Σ wᵢ·sᵢ·Bᵢ·Aᵢ}, rank = Σ rᵢ. */
    CAT
}
