package dev.lorakit.plugins.styletransfer;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;
import ai.djl.util.PairList;

/**
 * A picture as the one parameter of a block ({@code image}, {@code (1, 3, H, W)}), whose forward
 * returns it whatever the input: the "model" of a Gatys run, where the pixels are what is
 * optimised. It lets the host treat a Gatys run like any other (parameter counts, checkpoints).
 */
final class PixelImage extends AbstractBlock {

    private final Parameter image;

    PixelImage(int size) {
        super((byte) 1);
        image = addParameter(Parameter.builder().setName("image").setType(Parameter.Type.WEIGHT)
                .optShape(new Shape(1, 3, size, size)).optInitializer(Initializer.ZEROS).build());
    }

    Parameter image() {
        return image;
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        return new NDList(ps.getValue(image, inputs.head().getDevice(), training));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {image.getArray().getShape()};
    }
}
