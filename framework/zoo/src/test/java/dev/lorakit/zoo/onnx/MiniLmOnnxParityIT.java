package dev.lorakit.zoo.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import dev.lorakit.zoo.bert.BertModel;
import dev.lorakit.zoo.bert.SentencePooling;
import dev.lorakit.zoo.text.TextTokenizer;
import dev.lorakit.zoo.text.TokenizedBatch;
import java.io.InputStream;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The Java encoder with the real all-MiniLM-L6-v2 weights against ONNX Runtime running the
 * original {@code .onnx} file, on one padded batch of real sentences of mixed lengths.
 */
class MiniLmOnnxParityIT {

    static final List<String> SENTENCES =
            List.of(
                    "I love this movie!",
                    "The film is a charming, if slight, romantic comedy.",
                    "Dull.",
                    "A gorgeous, witty, seductive movie that never loses its footing.",
                    "The plot is so predictable that I left after an hour.",
                    "Congratulations! You have won a free cruise to the Bahamas, call now to claim your prize.",
                    "Can we move tomorrow's meeting to 3 pm? The build server is down again.",
                    "Paris is the capital of France.",
                    "The quick brown fox jumps over the lazy dog.",
                    "LoRA adds a low-rank update to frozen weight matrices.",
                    "Unsubscribe here if you no longer wish to receive our weekly newsletter about cheap"
                            + " mortgages, discounted watches and miracle diets that doctors hate.",
                    "Who wrote the novel Pride and Prejudice?",
                    "Jane Austen published Pride and Prejudice in 1813.",
                    "It's not a great movie, but it's not a bad one either.",
                    "Wow",
                    "The acting is wooden, the dialogue is clumsy and the special effects look cheap.",
                    "Please find attached the quarterly report; let me know if the figures look wrong.",
                    "Ein Satz auf Deutsch, um unbekannte Wörter zu testen.",
                    "Numbers like 3.14159 and 2,718 are tokenised into word pieces.",
                    "She sells sea shells by the sea shore.",
                    "An engaging, funny and moving portrait of a family falling apart and coming back"
                            + " together over one long summer in a small coastal town, with a"
                            + " soundtrack that deserves its own award.",
                    "Refund pending: your account will be credited within 5 business days.",
                    "What a waste of two hours.",
                    "Transformers compute attention over every pair of tokens in a sequence.");

    @Test
    void sentenceEmbeddingsMatchOnnxRuntime() throws Exception {
        MiniLmArtifact minilm = MiniLmArtifact.fromClasspath();
        TokenizedBatch batch;
        try (TextTokenizer tok = minilm.loadTokenizer(128)) {
            assertThat(tok.ids("I love this movie!"))
                    .containsExactly(101, 1045, 2293, 2023, 3185, 999, 102);
            batch = tok.encode(SENTENCES);
        }
        assertThat(batch.size()).isGreaterThanOrEqualTo(20);
        assertThat(batch.attentionMask()[14]).contains(0L); // "Wow" is padded

        float[][] expected = onnxRuntimeEmbeddings(minilm, batch);
        float[][] actual;
        try (NDManager manager = NDManager.newBaseManager()) {
            BertModel encoder = minilm.loadEncoder(manager);
            NDList in = batch.toNDList(manager);
            NDArray hidden =
                    encoder.forward(new ParameterStore(manager, false), in, false).head();
            NDArray emb = SentencePooling.sentenceEmbeddings(hidden, in.get(1));
            actual = new float[batch.size()][];
            for (int i = 0; i < batch.size(); i++) {
                actual[i] = emb.get(i).toFloatArray();
            }
        }
        double maxDiff = 0;
        for (int i = 0; i < expected.length; i++) {
            assertThat(actual[i]).hasSize(384);
            for (int j = 0; j < expected[i].length; j++) {
                maxDiff = Math.max(maxDiff, Math.abs(expected[i][j] - actual[i][j]));
            }
        }
        System.out.printf(
                "MiniLM parity: %d sentences, %d tokens, max abs diff %.3g%n",
                batch.size(), batch.length(), maxDiff);
        assertThat(maxDiff).as("max |java - onnxruntime|").isLessThanOrEqualTo(1e-4);
        // The embeddings are not trivially equal to each other: sentences differ.
        assertThat(dot(actual[0], actual[2])).isLessThan(0.9);
    }

    /** ONNX Runtime's last_hidden_state, mean-pooled over real tokens and L2-normalised in plain Java. */
    private static float[][] onnxRuntimeEmbeddings(MiniLmArtifact minilm, TokenizedBatch batch)
            throws Exception {
        byte[] model;
        try (InputStream in = minilm.openOnnx()) {
            model = in.readAllBytes();
        }
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions();
                OrtSession session = env.createSession(model, options)) {
            Map<String, OnnxTensor> inputs = new HashMap<>();
            try {
                inputs.put("input_ids", OnnxTensor.createTensor(env, batch.inputIds()));
                inputs.put("attention_mask", OnnxTensor.createTensor(env, batch.attentionMask()));
                if (session.getInputNames().contains("token_type_ids")) {
                    inputs.put("token_type_ids", OnnxTensor.createTensor(env, batch.tokenTypeIds()));
                }
                try (OrtSession.Result result = session.run(inputs)) {
                    float[][][] hidden = (float[][][]) result.get(0).getValue();
                    return meanPoolNormalize(hidden, batch.attentionMask());
                }
            } finally {
                inputs.values().forEach(OnnxTensor::close);
            }
        }
    }

    private static float[][] meanPoolNormalize(float[][][] hidden, long[][] mask) {
        float[][] out = new float[hidden.length][];
        for (int b = 0; b < hidden.length; b++) {
            int width = hidden[b][0].length;
            double[] sum = new double[width];
            int count = 0;
            for (int t = 0; t < hidden[b].length; t++) {
                if (mask[b][t] == 1) {
                    count++;
                    for (int h = 0; h < width; h++) {
                        sum[h] += hidden[b][t][h];
                    }
                }
            }
            double norm = 0;
            for (int h = 0; h < width; h++) {
                sum[h] /= count;
                norm += sum[h] * sum[h];
            }
            norm = Math.max(Math.sqrt(norm), 1e-12);
            out[b] = new float[width];
            for (int h = 0; h < width; h++) {
                out[b][h] = (float) (sum[h] / norm);
            }
        }
        return out;
    }

    private static double dot(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }
}
