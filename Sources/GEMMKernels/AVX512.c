// AVX-512F micro-kernels: an MR x (16·NV) tile of C held in MR·NV zmm accumulators.
#pragma STDC FP_CONTRACT OFF
#pragma clang fp contract(off)

#include "Kernels.h"

#include <immintrin.h>

// Shape of one step p (MR rows, NV vectors of 16 columns):
//   b[0..NV)      = B(p, 16v .. 16v+15)                  NV vector loads
//   for i < MR:   acc[i][v] = fma(bcast A(i,p), b[v], acc[i][v])
// Every lane of acc[i][v] is one element's chain: one fused multiply-add per p, in order.
// MR and NV are compile-time constants in each wrapper below, so the loops unroll fully and
// acc lives in registers (32 zmm: MR·NV accumulators + NV B vectors + 1 broadcast).
static inline __attribute__((always_inline, target("avx512f")))
void tile(const int MR, const int NV, long kc, const float *restrict a, long a_ps,
          const float *restrict b, long b_ps, float *restrict c, long ldc, int load_c) {
    __m512 acc[16][4];
#pragma clang loop unroll(full)
    for (int i = 0; i < MR; i++)
#pragma clang loop unroll(full)
        for (int v = 0; v < NV; v++)
            acc[i][v] = load_c ? _mm512_loadu_ps(c + i * ldc + 16 * v) : _mm512_setzero_ps();
    for (long p = 0; p < kc; p++) {
        __m512 bv[4];
#pragma clang loop unroll(full)
        for (int v = 0; v < NV; v++) bv[v] = _mm512_loadu_ps(b + 16 * v);
#pragma clang loop unroll(full)
        for (int i = 0; i < MR; i++) {
            const __m512 ai = _mm512_set1_ps(a[i]);
#pragma clang loop unroll(full)
            for (int v = 0; v < NV; v++) acc[i][v] = _mm512_fmadd_ps(ai, bv[v], acc[i][v]);
        }
        a += a_ps;
        b += b_ps;
    }
#pragma clang loop unroll(full)
    for (int i = 0; i < MR; i++)
#pragma clang loop unroll(full)
        for (int v = 0; v < NV; v++) _mm512_storeu_ps(c + i * ldc + 16 * v, acc[i][v]);
}

#define KERNEL(MR, NV)                                                                        \
    __attribute__((target("avx512f"))) static void avx512_##MR##x##NV(                         \
        long kc, const float *a, long a_ps, const float *b, long b_ps, float *c, long ldc,     \
        int load_c) {                                                                          \
        tile(MR, NV, kc, a, a_ps, b, b_ps, c, ldc, load_c);                                    \
    }

KERNEL(12, 2)  // 12 x 32
KERNEL(14, 2)  // 14 x 32
KERNEL(8, 3)   // 8 x 48
KERNEL(6, 4)   // 6 x 64
KERNEL(16, 1)  // 16 x 16

const dl_kernel_shape dl_avx512_shapes[] = {
    {"12x32", 12, 32, 192, 256, 4096, avx512_12x2},
    {"14x32", 14, 32, 196, 256, 4096, avx512_14x2},
    {"8x48", 8, 48, 192, 256, 4096, avx512_8x3},
    {"6x64", 6, 64, 192, 256, 4096, avx512_6x4},
    {"16x16", 16, 16, 192, 256, 4096, avx512_16x1},
};
const int dl_avx512_shape_count = sizeof dl_avx512_shapes / sizeof dl_avx512_shapes[0];
