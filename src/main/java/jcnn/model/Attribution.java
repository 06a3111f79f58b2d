package jcnn.model;

import jcnn.tensor.Shape;
import jcnn.tensor.Tensor;
import jcnn.nn.Parameter;
import jcnn.tensor.TensorInternals;

/** Checks and small steps shared by {@link Saliency}, {@link GradCam} and {@link Occlusion}. */
final class Attribution {
    private Attribution() {
    }

    /** The image as a batch of one {@code (1, C, H, W)}; refuses batches and non-image inputs. */
    static Tensor single(Net net, String what, Tensor image) {
        if (image == null) {
            throw new IllegalArgumentException(what + ": expected one image " + net.inputShape().withoutBatch() + " but got null");
        }
        Tensor x = net.checkInput(image);
        if (x.rank() != 4 || x.size(0) != 1) {
            throw new IllegalArgumentException(what + ": expected one image (C, H, W) or (1, C, H, W) but got "
                    + Shape.of(image.shape()) + (x.rank() == 4 ? "; pick one, e.g. test.image(0)" : "; this net does not take images"));
        }
        return x;
    }

    static void checkClass(Net net, String what, int target) {
        int classes = (int) net.outputShape().withoutBatch().numel();
        if (target < 0 || target >= classes) {
            throw new IllegalArgumentException(what + ": expected a class from 0 to " + (classes - 1) + " (the net has "
                    + classes + " outputs) but got " + target);
        }
    }

    static void requireGrad(String what) {
        if (!Tensor.isGradEnabled()) {
            throw new IllegalStateException(what + " needs gradients, but this runs inside Tensor.noGrad(); call it outside that block");
        }
    }

    static Tensor oneHot(int[] shape, int target) {
        Tensor seed = Tensor.zeros(shape);
        TensorInternals.data(seed)[target] = 1f;
        return seed;
    }

    static void clearGradients(Net net) {
        for (Parameter p : net.parameters()) {
            p.tensor().zeroGrad();
        }
    }

    /** Bilinear resize of one {@code h × w} plane to {@code outH × outW}, as PyTorch's interpolate(mode="bilinear", align_corners=False). */
    static float[] bilinear(float[] in, int h, int w, int outH, int outW) {
        float[] out = new float[outH * outW];
        for (int y = 0; y < outH; y++) {
            double sy = Math.max(0, (y + 0.5) * h / outH - 0.5);
            int y0 = (int) sy;
            int y1 = Math.min(y0 + 1, h - 1);
            double fy = sy - y0;
            for (int x = 0; x < outW; x++) {
                double sx = Math.max(0, (x + 0.5) * w / outW - 0.5);
                int x0 = (int) sx;
                int x1 = Math.min(x0 + 1, w - 1);
                double fx = sx - x0;
                double top = in[y0 * w + x0] * (1 - fx) + in[y0 * w + x1] * fx;
                double bottom = in[y1 * w + x0] * (1 - fx) + in[y1 * w + x1] * fx;
                out[y * outW + x] = (float) (top * (1 - fy) + bottom * fy);
            }
        }
        return out;
    }
}
