// AVX-512F micro-kernels: an MR x (16·NV) tile of C held in MR·NV zmm accumulators.
#pragma STDC FP_CONTRACT OFF
#pragma clang fp contract(off)

#include "Kernels.h"

#include <immintrin.h>
#include <stddef.h>

// Shape of one step p (MR rows, NV vectors of 16 columns):
//   b[0..NV)      = B(p, 16v .. 16v+15)                  NV vector loads
//   for i < MR:   acc[i][v] = fma(bcast A(i,p), b[v], acc[i][v])
// Every lane of acc[i][v] is one element's chain: one fused multiply-add per p, in order.
// MR and NV are compile-time constants in each wrapper below, so the loops unroll fully and
// acc lives in registers (32 zmm: MR·NV accumulators + NV B vectors + 1 broadcast).
static inline __attribute__((always_inline, target("avx512f")))
void tile(const int MR, const int NV, const int A_ROWS, long kc, const float *restrict a,
          long a_rs, long a_ps, const long *aoff,
          const float *restrict b, long b_ps, const long *boff, float *restrict c, long ldc, int load_c) {

    __m512 acc[24][4];
#pragma clang loop unroll(full)
    for (int i = 0; i < MR; i++)
#pragma clang loop unroll(full)
        for (int v = 0; v < NV; v++)
            acc[i][v] = load_c ? _mm512_loadu_ps(c + i * ldc + 16 * v) : _mm512_setzero_ps();
    for (long p = 0; p < kc; p++) {
        __m512 bv[4];
#pragma clang loop unroll(full)
        for (int v = 0; v < NV; v++) bv[v] = _mm512_loadu_ps((boff ? b + boff[p] : b) + 16 * v);
#pragma clang loop unroll(full)
        for (int i = 0; i < MR; i++) {
            // A_ROWS: 0 a panel, 1 strided rows, 2 rows through the table aoff (one float further per step).
            const __m512 ai = _mm512_set1_ps(A_ROWS == 2 ? a[aoff[i]] : A_ROWS ? a[i * a_rs] : a[i]);
#pragma clang loop unroll(full)
            for (int v = 0; v < NV; v++) acc[i][v] = _mm512_fmadd_ps(ai, bv[v], acc[i][v]);
        }
        a += A_ROWS ? 1 : a_ps;
        if (!boff) b += b_ps;
    }
#pragma clang loop unroll(full)
    for (int i = 0; i < MR; i++)
#pragma clang loop unroll(full)
        for (int v = 0; v < NV; v++) _mm512_storeu_ps(c + i * ldc + 16 * v, acc[i][v]);
}

// Each tile shape's four entry points (A as a panel, along strided rows, along rows through a
// table; B through a row table): DL_TILE_ENTRY_POINTS in Kernels.h.
#define KERNEL(MR, NV) DL_TILE_ENTRY_POINTS(avx512, "avx512f", MR, NV)

KERNEL(6, 4)   // 6 x 64: 24 accumulators, 4 B vectors + 6 broadcasts per step
KERNEL(8, 3)   // 8 x 48: 24 accumulators, 3 B vectors + 8 broadcasts
KERNEL(12, 2)  // 12 x 32: 24 accumulators, 2 B vectors + 12 broadcasts
KERNEL(16, 1)  // 16 x 16: for N ≤ 16
KERNEL(24, 1)  // 24 x 16: for N ≤ 16
KERNEL(6, 1)   // 6 x 16: for N ≤ 16 with A read in place (6 rows still fit L1 at any stride)

// Blocking (MC, KC, NC) = (192, 512, 768), measured on Zen 4 (1 MB L2, 32 MB L3): a KC of 512
// amortises each tile's C load/store; a 192 x 512 A block (384 KB) and the B micro-panel stay in
// L2; NC = 768 keeps the packed B block small enough to be reused hot. `cost` weighs padded work
// when choosing a shape: the one-vector tiles need more broadcasts per FMA. 6x16 costs 1.20:
// its six accumulators cannot hide the FMA latency on a core with two 512-bit FMA pipes (4
// cycles × 2 in flight need 8), so it ran at 70–100 GFLOP/s where 16x16 and 24x16 ran at 127–138
// on one Intel core (dWeightᵀ (144, 16) over the wide grid, A through its row table: ResNet-18
// w16's 16-channel layers); it stays the choice where they would pad much more (M = 27: 30 rows
// against 32 or 48).
const dl_kernel_shape dl_avx512_shapes[] = {
    {"6x64", 6, 64, 192, 512, 768, 1.00, avx512_6x4, avx512_6x4_rows, avx512_6x4_table, avx512_6x4_row_table},
    {"8x48", 8, 48, 192, 512, 768, 1.00, avx512_8x3, avx512_8x3_rows, avx512_8x3_table, avx512_8x3_row_table},
    {"12x32", 12, 32, 192, 512, 768, 1.02, avx512_12x2, avx512_12x2_rows, avx512_12x2_table, avx512_12x2_row_table},
    {"16x16", 16, 16, 192, 512, 768, 1.15, avx512_16x1, avx512_16x1_rows, avx512_16x1_table, avx512_16x1_row_table},
    {"24x16", 24, 16, 192, 512, 768, 1.15, avx512_24x1, avx512_24x1_rows, avx512_24x1_table, avx512_24x1_row_table},
    {"6x16", 6, 16, 192, 512, 768, 1.20, avx512_6x1, avx512_6x1_rows, avx512_6x1_table, avx512_6x1_row_table},
};
const int dl_avx512_shape_count = sizeof dl_avx512_shapes / sizeof dl_avx512_shapes[0];
