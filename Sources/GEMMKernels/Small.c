// AVX-512F kernels for the direct small-product path (Driver.c, direct_gemm): C is computed in
// place, no packing of B (as stored (K, N)) and no padded tiles; edges are masked lanes.
#pragma STDC FP_CONTRACT OFF
#pragma clang fp contract(off)

#include "Kernels.h"

#include <immintrin.h>

#define AVX512 __attribute__((target("avx512f")))

// MARK: - Across j: MR rows x NV vectors of 16 columns, B rows contiguous

// Shape of one step p (MR rows, NV vectors of 16 columns, the last one `last` lanes wide):
//   b[0..NV)    = B(p, 16v .. 16v+15)            (last vector: masked load, zero lanes)
//   for i < MR: acc[i][v] = fma(bcast A(i,p), b[v], acc[i][v])
// Every lane is one element's chain: +0 or C, then one fma per p, ascending. Masked-off lanes
// compute on zeros and are never stored. A is read in place: A_ROWS = 1 for A stored (M, K)
// (element (i, p) at a[i·a_rs + p]), 0 for A stored (K, M) (at a[p·a_cs + i]).
static inline __attribute__((always_inline, target("avx512f")))
void rows_tile(const int MR, const int NV, const int A_ROWS, long k, const float *restrict a,
               long a_rs, long a_cs, const float *restrict b, long b_rs, __mmask16 last,
               float *restrict c, long ldc, int load_c) {
    __m512 acc[16][4];
#pragma clang loop unroll(full)
    for (int i = 0; i < MR; i++)
#pragma clang loop unroll(full)
        for (int v = 0; v < NV; v++)
            acc[i][v] = !load_c        ? _mm512_setzero_ps()
                        : v < NV - 1   ? _mm512_loadu_ps(c + i * ldc + 16 * v)
                                       : _mm512_maskz_loadu_ps(last, c + i * ldc + 16 * v);
    for (long p = 0; p < k; p++) {
        __m512 bv[4];
#pragma clang loop unroll(full)
        for (int v = 0; v < NV; v++)
            bv[v] = v < NV - 1 ? _mm512_loadu_ps(b + 16 * v) : _mm512_maskz_loadu_ps(last, b + 16 * v);
#pragma clang loop unroll(full)
        for (int i = 0; i < MR; i++) {
            const __m512 ai = _mm512_set1_ps(A_ROWS ? a[i * a_rs] : a[i]);
#pragma clang loop unroll(full)
            for (int v = 0; v < NV; v++) acc[i][v] = _mm512_fmadd_ps(ai, bv[v], acc[i][v]);
        }
        a += A_ROWS ? 1 : a_cs;
        b += b_rs;
    }
#pragma clang loop unroll(full)
    for (int i = 0; i < MR; i++)
#pragma clang loop unroll(full)
        for (int v = 0; v < NV; v++) {
            if (v < NV - 1) _mm512_storeu_ps(c + i * ldc + 16 * v, acc[i][v]);
            else _mm512_mask_storeu_ps(c + i * ldc + 16 * v, last, acc[i][v]);
        }
}

// One function per (NV, A layout), switching on the row count so MR is a constant in each
// case. Row counts go up to dl_small_rows_max(NV): 16, 12, 8, 6 rows for 1..4 vectors keep
// MR·NV ≤ 24 accumulators + NV B vectors + 1 broadcast within 32 zmm.
#define R(MR) case MR: rows_tile(MR, NV, A_ROWS, k, a, a_rs, a_cs, b, b_rs, last, c, ldc, load_c); return;
#define CASES_6 R(1) R(2) R(3) R(4) R(5) R(6)
#define CASES_8 CASES_6 R(7) R(8)
#define CASES_12 CASES_8 R(9) R(10) R(11) R(12)
#define CASES_16 CASES_12 R(13) R(14) R(15) R(16)
#define ROWS_FN(NV_, A_ROWS_, CASES)                                                            \
    AVX512 static void rows_##NV_##_##A_ROWS_(int rows, long k, const float *a, long a_rs,       \
                                              long a_cs, const float *b, long b_rs,              \
                                              __mmask16 last, float *c, long ldc, int load_c) {  \
        enum { NV = NV_, A_ROWS = A_ROWS_ };                                                     \
        switch (rows) { CASES }                                                                  \
    }
ROWS_FN(1, 0, CASES_16) ROWS_FN(1, 1, CASES_16) ROWS_FN(2, 0, CASES_12) ROWS_FN(2, 1, CASES_12)
ROWS_FN(3, 0, CASES_8) ROWS_FN(3, 1, CASES_8) ROWS_FN(4, 0, CASES_6) ROWS_FN(4, 1, CASES_6)
#undef R

int dl_small_rows_max(int nv) { return nv <= 1 ? 16 : nv == 2 ? 12 : nv == 3 ? 8 : 6; }

AVX512 void dl_small_rows(int rows, int nv, long k, const float *a, long a_rs, long a_cs,
                          const float *b, long b_rs, long last_cols, float *c, long ldc, int load_c) {
    const __mmask16 last = (__mmask16)(last_cols >= 16 ? 0xFFFF : (1u << last_cols) - 1);
    const int a_rows = a_cs == 1;
    switch (nv * 2 + a_rows) {
    case 2: rows_1_0(rows, k, a, a_rs, a_cs, b, b_rs, last, c, ldc, load_c); return;
    case 3: rows_1_1(rows, k, a, a_rs, a_cs, b, b_rs, last, c, ldc, load_c); return;
    case 4: rows_2_0(rows, k, a, a_rs, a_cs, b, b_rs, last, c, ldc, load_c); return;
    case 5: rows_2_1(rows, k, a, a_rs, a_cs, b, b_rs, last, c, ldc, load_c); return;
    case 6: rows_3_0(rows, k, a, a_rs, a_cs, b, b_rs, last, c, ldc, load_c); return;
    case 7: rows_3_1(rows, k, a, a_rs, a_cs, b, b_rs, last, c, ldc, load_c); return;
    case 8: rows_4_0(rows, k, a, a_rs, a_cs, b, b_rs, last, c, ldc, load_c); return;
    case 9: rows_4_1(rows, k, a, a_rs, a_cs, b, b_rs, last, c, ldc, load_c); return;
    }
}

// MARK: - Across i: NJ ≤ 4 columns x RV vectors of 16 rows, for narrow C (N ≤ 4)

// Shape of one step p (RV vectors of 16 rows, the last one `last` lanes wide; NJ columns):
//   a[0..RV)    = A(16r .. 16r+15, p)            (a panel: element (i, p) at ap[p·a_ps + i])
//   for j < NJ: acc[r][j] = fma(a[r], bcast B(p,j), acc[r][j])
// Lane l of acc[r][j] is the chain of C(16r + l, j): one fma per p, ascending. C goes through
// cbuf (column j at cbuf[64·j ..]), which the driver fills from and copies back to C.
static inline __attribute__((always_inline, target("avx512f")))
void cols_tile(const int NJ, const int RV, long k, const float *restrict ap, long a_ps,
               __mmask16 last, const float *restrict b, long b_rs, long b_cs,
               float *restrict cbuf, int load_c) {
    __m512 acc[4][4];
#pragma clang loop unroll(full)
    for (int r = 0; r < RV; r++)
#pragma clang loop unroll(full)
        for (int j = 0; j < NJ; j++)
            acc[r][j] = load_c ? _mm512_loadu_ps(cbuf + 64 * j + 16 * r) : _mm512_setzero_ps();
    for (long p = 0; p < k; p++) {
        __m512 av[4];
#pragma clang loop unroll(full)
        for (int r = 0; r < RV; r++)
            av[r] = r < RV - 1 ? _mm512_loadu_ps(ap + 16 * r) : _mm512_maskz_loadu_ps(last, ap + 16 * r);
#pragma clang loop unroll(full)
        for (int j = 0; j < NJ; j++) {
            const __m512 bj = _mm512_set1_ps(b[j * b_cs]);
#pragma clang loop unroll(full)
            for (int r = 0; r < RV; r++) acc[r][j] = _mm512_fmadd_ps(av[r], bj, acc[r][j]);
        }
        ap += a_ps;
        b += b_rs;
    }
#pragma clang loop unroll(full)
    for (int r = 0; r < RV; r++)
#pragma clang loop unroll(full)
        for (int j = 0; j < NJ; j++) _mm512_storeu_ps(cbuf + 64 * j + 16 * r, acc[r][j]);
}

#define C_(NJ, RV) case (NJ) * 8 + (RV): cols_tile(NJ, RV, k, ap, a_ps, m, b, b_rs, b_cs, cbuf, load_c); return;
AVX512 void dl_small_cols(int nj, int rv, long k, const float *ap, long a_ps, long last_rows,
                          const float *b, long b_rs, long b_cs, float *cbuf, int load_c) {
    const __mmask16 m = (__mmask16)(last_rows >= 16 ? 0xFFFF : (1u << last_rows) - 1);
    switch (nj * 8 + rv) {
    C_(1, 1) C_(1, 2) C_(1, 3) C_(1, 4) C_(2, 1) C_(2, 2) C_(2, 3) C_(2, 4)
    C_(3, 1) C_(3, 2) C_(3, 3) C_(3, 4) C_(4, 1) C_(4, 2) C_(4, 3) C_(4, 4)
    }
}
#undef C_
