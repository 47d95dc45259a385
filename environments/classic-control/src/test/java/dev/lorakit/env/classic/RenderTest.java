package dev.lorakit.env.classic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lorakit.env.Environment;
import dev.lorakit.env.Environments;
import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class RenderTest {

    private static int rgb(BufferedImage img, int x, int y) {
        return img.getRGB(x, y) & 0xFFFFFF;
    }

    @Test
    void cartPoleDrawsGymnasiumsGeometryAndSurvivesAPngRoundTrip() throws IOException {
        CartPole env = new CartPole();
        env.resetTo(new double[] {0, 0, 0, 0});
        BufferedImage img = env.render();
        assertThat(img.getWidth()).isEqualTo(600);
        assertThat(img.getHeight()).isEqualTo(400);
        Path dir = Files.createDirectories(Path.of("target", "render"));
        File png = dir.resolve("cartpole.png").toFile();
        assertThat(ImageIO.write(img, "png", png)).isTrue();
        BufferedImage back = ImageIO.read(png);
        // Cart centre: x = 300, 100 px above the bottom; pole above it; white sky; track line at y=100.
        assertThat(rgb(back, 300, 400 - 100)).isEqualTo(0x000000);
        assertThat(rgb(back, 300, 400 - 200)).isEqualTo(0xCA9865);
        assertThat(rgb(back, 10, 10)).isEqualTo(0xFFFFFF);
        assertThat(rgb(back, 5, 400 - 100)).isNotEqualTo(0xFFFFFF);
        // Moving the cart right moves the dark pixels right: x = 1.2 is 150 px right of centre.
        env.resetTo(new double[] {1.2, 0, 0, 0});
        BufferedImage moved = env.render();
        assertThat(rgb(moved, 450, 400 - 100)).isEqualTo(0x000000);
        assertThat(rgb(moved, 300, 400 - 95)).isEqualTo(0xFFFFFF);
    }

    @Test
    void everyClassicEnvironmentRendersAtGymnasiumsSize() {
        int[][] sizes = {{600, 400}, {500, 500}, {600, 400}, {500, 500}};
        String[] ids = {"CartPole-v1", "Acrobot-v1", "MountainCar-v0", "Pendulum-v1"};
        for (int i = 0; i < ids.length; i++) {
            try (Environment env = Environments.make(ids[i])) {
                env.reset(0);
                BufferedImage img = env.render();
                assertThat(img.getWidth()).as(ids[i]).isEqualTo(sizes[i][0]);
                assertThat(img.getHeight()).as(ids[i]).isEqualTo(sizes[i][1]);
                long drawn = 0;
                for (int y = 0; y < img.getHeight(); y += 2) {
                    for (int x = 0; x < img.getWidth(); x += 2) {
                        drawn += rgb(img, x, y) != 0xFFFFFF ? 1 : 0;
                    }
                }
                assertThat(drawn).as(ids[i] + " non-white pixels").isGreaterThan(50);
            }
        }
    }

    @Test
    void renderBeforeResetIsAnError() {
        assertThatThrownBy(() -> new Acrobot().render()).hasMessageContaining("reset()");
    }
}
