/*
 * platt.c: Platt scaling.  Given held-out decision values f_i and labels,
 * find A, B minimising the cross-entropy of p_i = 1 / (1 + exp(A f_i + B))
 * against targets t_i, where Platt (2000) softens the 0/1 labels to
 * t = (N+ + 1) / (N+ + 2) for positives and 1 / (N- + 2) for negatives so
 * that a separable sample does not drive A to infinity.
 *
 * The objective, with z_i = A f_i + B, is
 *     F(A, B) = sum_i  (t_i - 1) z_i + log(1 + exp(z_i)),
 * its gradient sum_i (t_i - p_i) (f_i, 1) and its Hessian
 * sum_i p_i (1 - p_i) (f_i, 1)(f_i, 1)^T.  Lin, Lin and Weng, "A note on
 * Platt's probabilistic outputs for support vector machines" (Machine
 * Learning 68, 2007), show that Platt's own iteration can fail and give
 * the robust version followed here: Newton's direction on a Hessian with a
 * small ridge, a backtracking (Armijo) line search, every exp(.) taken of a
 * non-positive argument, and stopping when both partial derivatives are
 * below 1e-5.
 */
#include <math.h>

#include "platt.h"

#define PLATT_MAX_ITER 100
#define PLATT_MIN_STEP 1e-10
#define PLATT_RIDGE 1e-12 /* keeps the Hessian positive definite */
#define PLATT_EPS 1e-5

/* (t - 1) z + log(1 + exp(z)) without overflow: for z >= 0 it equals
 * t z + log(1 + exp(-z)). */
static double loss(double t, double z)
{
    return z >= 0 ? t * z + log1p(exp(-z)) : (t - 1) * z + log1p(exp(z));
}

/* 1 / (1 + exp(z)) and 1 - that, without overflow. */
static void sigmoid(double z, double *p, double *q)
{
    if (z >= 0) {
        double e = exp(-z);
        *p = e / (1 + e);
        *q = 1 / (1 + e);
    } else {
        double e = exp(z);
        *p = 1 / (1 + e);
        *q = e / (1 + e);
    }
}

static double objective(const double *dec, const double *target, size_t n, double A,
                        double B)
{
    double f = 0;
    for (size_t i = 0; i < n; i++)
        f += loss(target[i], A * dec[i] + B);
    return f;
}

/* Gradient g and Hessian h (h[0] = d2/dA2, h[1] = d2/dAdB, h[2] = d2/dB2)
 * at (A, B). */
static void derivatives(const double *dec, const double *target, size_t n, double A, double B,
                        double g[2], double h[3])
{
    g[0] = g[1] = 0;
    h[0] = h[2] = PLATT_RIDGE;
    h[1] = 0;
    for (size_t i = 0; i < n; i++) {
        double p, q;
        sigmoid(A * dec[i] + B, &p, &q);
        double r = target[i] - p, w = p * q;
        g[0] += dec[i] * r;
        g[1] += r;
        h[0] += dec[i] * dec[i] * w;
        h[1] += dec[i] * w;
        h[2] += w;
    }
}

/* The minimisation itself, over the soft targets. */
static void newton(const double *dec, const double *target, size_t n, double *A, double *B)
{
    double a = *A, b = *B, f = objective(dec, target, n, a, b);
    for (int iter = 0; iter < PLATT_MAX_ITER; iter++) {
        double g[2], h[3];
        derivatives(dec, target, n, a, b, g, h);
        if (fabs(g[0]) < PLATT_EPS && fabs(g[1]) < PLATT_EPS)
            break;
        /* Newton's direction: solve h d = -g (2 x 2, h positive definite) */
        double det = h[0] * h[2] - h[1] * h[1];
        double da = -(h[2] * g[0] - h[1] * g[1]) / det;
        double db = -(-h[1] * g[0] + h[0] * g[1]) / det;
        double slope = g[0] * da + g[1] * db; /* negative: a descent direction */
        double step = 1;
        while (step >= PLATT_MIN_STEP) {
            double na = a + step * da, nb = b + step * db;
            double nf = objective(dec, target, n, na, nb);
            if (nf < f + 1e-4 * step * slope) {
                a = na;
                b = nb;
                f = nf;
                break;
            }
            step /= 2;
        }
        if (step < PLATT_MIN_STEP)
            break; /* no step decreases F enough: as close as we get */
    }
    *A = a;
    *B = b;
}

void platt_fit(const double *dec, const bool *positive, size_t n, double *scratch, double *A,
               double *B)
{
    size_t npos = 0;
    for (size_t i = 0; i < n; i++)
        npos += positive[i];
    size_t nneg = n - npos;
    double hi = ((double)npos + 1) / ((double)npos + 2), lo = 1 / ((double)nneg + 2);
    *A = 0;
    *B = n ? log(((double)nneg + 1) / ((double)npos + 1)) : 0;
    if (n == 0)
        return;
    for (size_t i = 0; i < n; i++)
        scratch[i] = positive[i] ? hi : lo;
    newton(dec, scratch, n, A, B);
}
