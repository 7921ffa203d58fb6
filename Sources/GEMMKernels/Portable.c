// The portable kernel: the contract of include/GEMMKernels.h written as loops. The vector
// kernels are tested against it bit for bit.
#pragma STDC FP_CONTRACT OFF
#pragma clang fp contract(off)

#include "Kernels.h"

#include <math.h>

// Row i of C: set to +0 (or kept), then for p ascending C[i, :] = fmaf(A(i,p), B(p, :), C[i, :]).
// Each element still sees p = 0, 1, ..., K-1 in order; only the loop over j is innermost, which
// the compiler may vectorise (a vector FMA rounds each lane exactly like fmaf).
#define PORTABLE_BODY                                                              \
    for (long i = 0; i < m; i++) {                                                 \
        float *ci = c + i * ldc;                                                   \
        if (!accumulate)                                                           \
            for (long j = 0; j < n; j++) ci[j] = 0.0f;                             \
        for (long p = 0; p < k; p++) {                                             \
            const float aip = a.p[i * a.rs + p * a.cs];                            \
            const float *bp = b.p + p * b.rs;                                      \
            if (b.cs == 1)                                                         \
                for (long j = 0; j < n; j++) ci[j] = fmaf(aip, bp[j], ci[j]);      \
            else                                                                   \
                for (long j = 0; j < n; j++) ci[j] = fmaf(aip, bp[j * b.cs], ci[j]); \
        }                                                                          \
    }

// target("fma") lets fmaf compile to one vfmadd instruction instead of a libm call.
__attribute__((target("fma")))
void dl_gemm_portable_fma(dl_view a, dl_view b, long m, long n, long k,
                          int accumulate, float *c, long ldc) {
    PORTABLE_BODY
}

// For x86-64 CPUs without FMA: glibc's fmaf is correctly rounded too, so the bits are the same.
void dl_gemm_portable_libm(dl_view a, dl_view b, long m, long n, long k,
                           int accumulate, float *c, long ldc) {
    PORTABLE_BODY
}
