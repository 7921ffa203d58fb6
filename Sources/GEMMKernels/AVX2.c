// AVX2 + FMA micro-kernels: an MR x (8·NV) tile of C held in MR·NV ymm accumulators.
#pragma STDC FP_CONTRACT OFF
#pragma clang fp contract(off)

#include "Kernels.h"

#include <immintrin.h>

// Shape of one step p (MR rows, NV vectors of 8 columns):
//   b[0..NV)      = B(p, 8v .. 8v+7)                     NV vector loads
//   for i < MR:   acc[i][v] = fma(bcast A(i,p), b[v], acc[i][v])
// Every lane of acc[i][v] is one element's chain: one fused multiply-add per p, in order.
// 16 ymm registers: MR·NV accumulators + NV B vectors + 1 broadcast.
static inline __attribute__((always_inline, target("avx2,fma")))
void tile(const int MR, const int NV, const int A_ROWS, long kc, const float *restrict a,
          long a_rs, long a_ps, const long *aoff,
          const float *restrict b, long b_ps, const long *boff, float *restrict c, long ldc, int load_c) {
    __m256 acc[8][2];
#pragma clang loop unroll(full)
    for (int i = 0; i < MR; i++)
#pragma clang loop unroll(full)
        for (int v = 0; v < NV; v++)
            acc[i][v] = load_c ? _mm256_loadu_ps(c + i * ldc + 8 * v) : _mm256_setzero_ps();
    for (long p = 0; p < kc; p++) {
        __m256 bv[2];
#pragma clang loop unroll(full)
        for (int v = 0; v < NV; v++) bv[v] = _mm256_loadu_ps((boff ? b + boff[p] : b) + 8 * v);
#pragma clang loop unroll(full)
        for (int i = 0; i < MR; i++) {
            // A_ROWS: 0 a panel, 1 strided rows, 2 rows through the table aoff (one float further per step).
            const __m256 ai = _mm256_broadcast_ss(A_ROWS == 2 ? a + aoff[i] : A_ROWS ? a + i * a_rs : a + i);
#pragma clang loop unroll(full)
            for (int v = 0; v < NV; v++) acc[i][v] = _mm256_fmadd_ps(ai, bv[v], acc[i][v]);
        }
        a += A_ROWS ? 1 : a_ps;
        if (!boff) b += b_ps;
    }
#pragma clang loop unroll(full)
    for (int i = 0; i < MR; i++)
#pragma clang loop unroll(full)
        for (int v = 0; v < NV; v++) _mm256_storeu_ps(c + i * ldc + 8 * v, acc[i][v]);
}

// Each tile shape's four entry points (A as a panel, along strided rows, along rows through a
// table; B through a row table): DL_TILE_ENTRY_POINTS in Kernels.h.
#define KERNEL(MR, NV) DL_TILE_ENTRY_POINTS(avx2, "avx2,fma", MR, NV)

KERNEL(6, 2)  // 6 x 16: 12 accumulators, 2 B vectors + 6 broadcasts per step
KERNEL(8, 1)  // 8 x 8: for N ≤ 8

// Blocking as for AVX-512 (measured on the same Zen 4, whose AVX2 and AVX-512 FMA throughput
// is equal). 6 x 16 was fastest on every measured shape (4 x 24 and 12 x 8 slower, 8 x 8 ~10 %
// slower), so 8 x 8 only serves N ≤ 8.
const dl_kernel_shape dl_avx2_shapes[] = {
    {"6x16", 6, 16, 192, 512, 768, 1.00, avx2_6x2, avx2_6x2_rows, avx2_6x2_table, avx2_6x2_row_table},
    {"8x8", 8, 8, 192, 512, 768, 1.15, avx2_8x1, avx2_8x1_rows, avx2_8x1_table, avx2_8x1_row_table},
};
const int dl_avx2_shape_count = sizeof dl_avx2_shapes / sizeof dl_avx2_shapes[0];
