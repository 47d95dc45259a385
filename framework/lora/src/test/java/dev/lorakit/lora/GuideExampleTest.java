package dev.lorakit.lora;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import dev.lorakit.lora.peft.PeftAdapters;
import dev.lorakit.lora.peft.PeftMetadata;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The example of docs/lora.md and README.md, verbatim between the markers, so both stay true. */
class GuideExampleTest {

    @TempDir Path tmp;

    @Test
    void guideExampleRuns() throws Exception {
        try (NDManager manager = NDManager.newBaseManager()) {
            Path adapterDir = tmp.resolve("adapter");
            // --- docs/lora.md example start
            Block mlp = new SequentialBlock()
                    .add(Linear.builder().setUnits(64).build())
                    .add(Activation.reluBlock())
                    .add(Linear.builder().setUnits(10).build());
            mlp.initialize(manager, DataType.FLOAT32, new Shape(1, 32)); // or load pretrained weights
            LoraModel lora = LoraModel.builder()
                    .setBlock(mlp)
                    .setConfig(LoraConfig.of("0", "2").withR(8).withAlpha(16))
                    .build(); // layers 0 and 2 now carry adapters; everything else is frozen
            System.out.println(lora.summary());
            // ... train mlp with any DJL Trainer: only the adapters get gradients ...
            PeftAdapters.save(lora, adapterDir, PeftMetadata.NONE); // loads in PeftModel.from_pretrained
            Block plain = lora.mergeAndUnload(); // plain Linear layers again, weights merged
            // --- docs/lora.md example end
            assertThat(Files.exists(adapterDir.resolve("adapter_config.json"))).isTrue();
            assertThat(ModuleTree.namedModules(plain).values()).noneMatch(b -> b instanceof LoraLayer);
        }
    }

    @Test
    void guideShowsTheSameCode() throws Exception {
        String source = Files.readString(Path.of("src/test/java/dev/lorakit/lora/GuideExampleTest.java"));
        String example = source.substring(source.indexOf("// --- docs/lora.md example start"), source.indexOf("// --- docs/lora.md example end"));
        for (String page : new String[] {"../../docs/lora.md", "../../README.md"}) {
            String guide = Files.readString(Path.of(page)).replaceAll("\\s+", " ");
            example.lines().skip(1).map(String::strip).filter(l -> !l.isEmpty())
                    .forEach(line -> assertThat(guide).as("%s shows: %s", page, line).contains(line.replaceAll("\\s+", " ")));
        }
    }
}
