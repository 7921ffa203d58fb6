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
// HALF = 1 when the last vector has at most 8 lanes: it is then a ymm (N = 100 → 6 zmm + 1 ymm),
// whose FMA takes one of Zen 4's two 256-bit pipe slots where a zmm FMA takes both. (Lanes
// round alike at either width; loads and stores of it stay AVX-512 masked ones on the low half.)
static inline __attribute__((always_inline, target("avx512f,fma")))
void rows_tile(const int MR, const int NV, const int A_ROWS, const int HALF, long k,
               const float *restrict a, long a_rs, long a_cs, const float *restrict b, long b_rs,
               __mmask16 last, float *restrict c, long ldc, int load_c) {
    __m512 acc[16][4];
    __m256 acch[16];  // the last vector when HALF
    const int NF = HALF ? NV - 1 : NV;  // zmm vectors (the last one masked unless HALF)
#pragma clang loop unroll(full)
    for (int i = 0; i < MR; i++) {
#pragma clang loop unroll(full)
        for (int v = 0; v < NF; v++)
            acc[i][v] = !load_c        ? _mm512_setzero_ps()
                        : v < NV - 1   ? _mm512_loadu_ps(c + i * ldc + 16 * v)
                                       : _mm512_maskz_loadu_ps(last, c + i * ldc + 16 * v);
        if (HALF)
            acch[i] = load_c ? _mm512_castps512_ps256(_mm512_maskz_loadu_ps(last, c + i * ldc + 16 * (NV - 1)))
                             : _mm256_setzero_ps();
    }
    for (long p = 0; p < k; p++) {
        __m512 bv[4];
        __m256 bh;
#pragma clang loop unroll(full)
        for (int v = 0; v < NF; v++)
            bv[v] = v < NV - 1 ? _mm512_loadu_ps(b + 16 * v) : _mm512_maskz_loadu_ps(last, b + 16 * v);
        if (HALF) bh = _mm512_castps512_ps256(_mm512_maskz_loadu_ps(last, b + 16 * (NV - 1)));
#pragma clang loop unroll(full)
        for (int i = 0; i < MR; i++) {
            const float ai = A_ROWS ? a[i * a_rs] : a[i];
            const __m512 av = _mm512_set1_ps(ai);
#pragma clang loop unroll(full)
            for (int v = 0; v < NF; v++) acc[i][v] = _mm512_fmadd_ps(av, bv[v], acc[i][v]);
            if (HALF) acch[i] = _mm256_fmadd_ps(_mm256_set1_ps(ai), bh, acch[i]);
        }
        a += A_ROWS ? 1 : a_cs;
        b += b_rs;
    }
#pragma clang loop unroll(full)
    for (int i = 0; i < MR; i++) {
#pragma clang loop unroll(full)
        for (int v = 0; v < NF; v++) {
            if (v < NV - 1) _mm512_storeu_ps(c + i * ldc + 16 * v, acc[i][v]);
            else _mm512_mask_storeu_ps(c + i * ldc + 16 * v, last, acc[i][v]);
        }
        if (HALF) _mm512_mask_storeu_ps(c + i * ldc + 16 * (NV - 1), last, _mm512_castps256_ps512(acch[i]));
    }
}

// One function per (NV, A layout, HALF), switching on the row count so MR is a constant in each
// case. Row counts go up to dl_small_rows_max(NV): 16, 12, 8, 6 rows for 1, 2, 3, 4 vectors keep
// MR·NV ≤ 24 accumulators + NV B vectors + 1 broadcast within 32 zmm.
#define R(MR) case MR: rows_tile(MR, NV, A_ROWS, HALF, k, a, a_rs, a_cs, b, b_rs, last, c, ldc, load_c); return;
#define CASES_6 R(1) R(2) R(3) R(4) R(5) R(6)
#define CASES_8 CASES_6 R(7) R(8)
#define CASES_12 CASES_8 R(9) R(10) R(11) R(12)
#define CASES_16 CASES_12 R(13) R(14) R(15) R(16)
#define ROWS_FN(NV_, A_ROWS_, HALF_, CASES)                                                     \
    __attribute__((target("avx512f,fma"))) static void rows_##NV_##_##A_ROWS_##_##HALF_(         \
        int rows, long k, const float *a, long a_rs, long a_cs, const float *b, long b_rs,       \
        __mmask16 last, float *c, long ldc, int load_c) {                                        \
        enum { NV = NV_, A_ROWS = A_ROWS_, HALF = HALF_ };                                       \
        switch (rows) { CASES }                                                                  \
    }
#define ROWS_FNS(NV, CASES) ROWS_FN(NV, 0, 0, CASES) ROWS_FN(NV, 1, 0, CASES) \
                            ROWS_FN(NV, 0, 1, CASES) ROWS_FN(NV, 1, 1, CASES)
ROWS_FNS(1, CASES_16) ROWS_FNS(2, CASES_12) ROWS_FNS(3, CASES_8) ROWS_FNS(4, CASES_6)
#undef R

int dl_small_rows_max(int nv) { return nv <= 1 ? 16 : nv == 2 ? 12 : nv == 3 ? 8 : 6; }

__attribute__((target("avx512f,fma")))
void dl_small_rows(int rows, int nv, long k, const float *a, long a_rs, long a_cs,
                   const float *b, long b_rs, long last_cols, float *c, long ldc, int load_c) {
    const __mmask16 last = (__mmask16)(last_cols >= 16 ? 0xFFFF : (1u << last_cols) - 1);
    const int a_rows = a_cs == 1, half = last_cols <= 8;
#define F(NV, A, H) case NV * 4 + A * 2 + H: rows_##NV##_##A##_##H(rows, k, a, a_rs, a_cs, b, b_rs, last, c, ldc, load_c); return;
    switch (nv * 4 + a_rows * 2 + half) {
    F(1, 0, 0) F(1, 1, 0) F(1, 0, 1) F(1, 1, 1) F(2, 0, 0) F(2, 1, 0) F(2, 0, 1) F(2, 1, 1)
    F(3, 0, 0) F(3, 1, 0) F(3, 0, 1) F(3, 1, 1) F(4, 0, 0) F(4, 1, 0) F(4, 0, 1) F(4, 1, 1)
    }
#undef F
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
