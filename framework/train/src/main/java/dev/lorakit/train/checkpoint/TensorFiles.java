package dev.lorakit.train.checkpoint;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Named tensors in a safetensors file. This is the seam to the project's safetensors IO in
 * {@code framework/lora}: until that lands it uses DJL's {@link NDList} safetensors encoding,
 * which is lossless for the float32/int tensors a checkpoint holds (it writes no header
 * alignment or {@code __metadata__} and reads the whole file into memory).
 */
final class TensorFiles {

    private TensorFiles() {}

    /**
     * Writes tensors under their names. The arrays are not modified (their DJL names are
     * restored after writing).
     *
     * @param tensors name to array
     * @param out where to write; not closed
     * @throws IOException when writing fails
     */
    static void write(Map<String, NDArray> tensors, OutputStream out) throws IOException {
        NDList list = new NDList(tensors.size());
        Map<NDArray, String> previousNames = new LinkedHashMap<>();
        try {
            for (Map.Entry<String, NDArray> e : tensors.entrySet()) {
                previousNames.put(e.getValue(), e.getValue().getName());
                e.getValue().setName(e.getKey());
                list.add(e.getValue());
            }
            list.encode(out, NDList.Encoding.SAFETENSORS);
        } finally {
            previousNames.forEach(NDArray::setName);
        }
    }

    /**
     * Reads every tensor of a file written by {@link #write}.
     *
     * @param manager where to create the arrays
     * @param in the file's bytes
     * @return name to array, in file order
     * @throws IOException when the data is not safetensors
     */
    static Map<String, NDArray> read(NDManager manager, InputStream in) throws IOException {
        NDList list;
        try {
            list = NDList.decode(manager, in);
        } catch (RuntimeException e) {
            throw new IOException("Not a readable safetensors file: " + e.getMessage(), e);
        }
        Map<String, NDArray> out = new LinkedHashMap<>();
        for (NDArray a : list) {
            out.put(a.getName(), a);
        }
        return out;
    }
}
