/* platt.h: Platt's sigmoid for probabilities from decision values (private). */
#ifndef STANCE_PLATT_H
#define STANCE_PLATT_H

#include <stdbool.h>
#include <stddef.h>

/* Fit P(positive | f) = 1 / (1 + exp(A f + B)) to the n decision values
 * dec[] with positive[] telling which samples are positive, by Newton's
 * method with a backtracking line search on the regularised targets of
 * Platt (2000), as Lin, Lin and Weng (2007) state it: the parameters
 * libsvm's svm_predict_probability expects in probA and probB.  scratch
 * holds n doubles of the caller's.  Cannot fail: n == 0 gives A = 0 and
 * B = 0 (one half). */
void platt_fit(const double *dec, const bool *positive, size_t n, double *scratch, double *A,
               double *B);

#endif
