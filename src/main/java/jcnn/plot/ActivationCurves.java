package jcnn.plot;

import jcnn.plot.ActivationPlot.Kind;

/**
 * Computes an activation and its derivative at sample points. {@link #FORMULAS} uses the
 * closed forms of the lecture; the engine's version (forward and autograd) is what the plot
 * draws once the tensor engine is present, and tests compare the two.
 */
interface ActivationCurves {

    /** {@code {f(x), f'(x)}} at each x. */
    double[][] values(Kind kind, double[] xs);

    /** Where the numbers come from, for the plot's description. */
    String source();

    /** The closed forms, in double. */
    ActivationCurves FORMULAS = new ActivationCurves() {
        @Override
        public double[][] values(Kind kind, double[] xs) {
            double[] f = new double[xs.length];
            double[] d = new double[xs.length];
            for (int i = 0; i < xs.length; i++) {
                double x = xs[i];
                switch (kind) {
                    case SIGMOID -> {
                        f[i] = 1 / (1 + Math.exp(-x));
                        d[i] = f[i] * (1 - f[i]);
                    }
                    case TANH -> {
                        f[i] = Math.tanh(x);
                        d[i] = 1 - f[i] * f[i];
                    }
                    case RELU -> {
                        f[i] = Math.max(0, x);
                        d[i] = x > 0 ? 1 : 0;
                    }
                    case LEAKY_RELU -> {
                        f[i] = x > 0 ? x : Kind.LEAKY_SLOPE * x;
                        d[i] = x > 0 ? 1 : Kind.LEAKY_SLOPE;
                    }
                    case ELU -> {
                        // the lecture: f'(x) = f(x) + a for x <= 0
                        f[i] = x > 0 ? x : Kind.ELU_ALPHA * (Math.exp(x) - 1);
                        d[i] = x > 0 ? 1 : f[i] + Kind.ELU_ALPHA;
                    }
                    case MAXOUT -> {
                        int best = 0;
                        for (int k = 1; k < Kind.MAXOUT_SLOPES.length; k++) {
                            if (line(k, x) > line(best, x)) {
                                best = k;
                            }
                        }
                        f[i] = line(best, x);
                        d[i] = Kind.MAXOUT_SLOPES[best];
                    }
                    default -> throw new IllegalStateException(kind.toString());
                }
            }
            return new double[][] {f, d};
        }

        private double line(int k, double x) {
            return Kind.MAXOUT_SLOPES[k] * x + Kind.MAXOUT_INTERCEPTS[k];
        }

        @Override
        public String source() {
            return "closed-form formulas";
        }
    };
}
