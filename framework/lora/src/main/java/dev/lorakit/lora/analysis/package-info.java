/**
 * Pure math on adapter tensors: ΔW = scale·B·A per layer, full singular value decompositions in
 * double precision, LoRA-versus-truncated-SVD comparisons, merging, and PNG rendering of
 * heatmaps and spectra for {@code lorakit adapters visualize}.
 */
package dev.lorakit.lora.analysis;
