// Winograd F(2 x 2, 3 x 3)'s input transform V = Bᵀ d B with AVX-512, the operations of
// Tensors/WinogradConvolution.swift's transformInput (its definition, and the path of every other
// CPU) element for element, 16 tiles of a tile row at a time instead of one.
//
// Legend as there: C channels, H x W planes, TH = ⌈H/2⌉, TW = ⌈W/2⌉ tiles per plane, T = n·TH·TW
// tiles of the n samples; tile (ty, tx) reads input rows 2ty − 1 … 2ty + 2 and columns 2tx − 1 …
// 2tx + 2, +0 outside. Per tile row, along y (rows d0..d3 of the tile row, any column):
//     r0 = d0 − d2,  r1 = d1 + d2,  r2 = d2 − d1,  r3 = d1 − d3
// then along x, for each r_i, with r at column 2tx − 1 + j written a_j:
//     V(4i) = a0 − a2,  V(4i+1) = a1 + a2,  V(4i+2) = a2 − a1,  V(4i+3) = a1 − a3.
// Columns 2tx − 1 and 2tx + 1 are odd, 2tx and 2tx + 2 even: each input row is first split into
// its even and odd columns (zero-bordered), so a_0 … a_3 for 16 consecutive tx are four unaligned
// loads. Column-wise the y combination is the same single operation on the same two floats, so
// splitting before combining changes no bit.
#pragma STDC FP_CONTRACT OFF
#pragma clang fp contract(off)

#include "GEMMKernels.h"

#include <immintrin.h>
#include <stdlib.h>
#include <string.h>

int dl_winograd_input_supported(int kernel) { return kernel == DL_GEMM_AVX512 && dl_gemm_kernel_supported(kernel); }

// The split rows of one plane: row y + 1 (y = −1 … 2TH) holds even columns at even[1 + m] = x[y, 2m]
// and odd ones at odd[1 + m] = x[y, 2m + 1], +0 at index 0 (columns −2, −1), past the plane and in
// rows outside it. `rs` floats per row, enough for index TW + 1 of the last 16-lane block.
typedef struct {
    float *even, *odd;
    long rs;
} split_rows;

// Rows 1 … h, indices 1 … ⌈W/2⌉ (even) and ⌊W/2⌋ (odd); everything else stays the +0 it was
// set to once per call.
__attribute__((target("avx512f")))
static void split_plane(const float *plane, long h, long w, split_rows r) {
    const __m512i evens = _mm512_setr_epi32(0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30);
    const __m512i odds = _mm512_setr_epi32(1, 3, 5, 7, 9, 11, 13, 15, 17, 19, 21, 23, 25, 27, 29, 31);
    for (long y = 0; y < h; y++) {
        const float *src = plane + y * w;
        float *e = r.even + (y + 1) * r.rs + 1, *o = r.odd + (y + 1) * r.rs + 1;
        for (long x = 0; x < w; x += 32) {
            // 32 columns (fewer at the row's end: masked, +0 past it) → 16 even, 16 odd.
            const long n = w - x < 32 ? w - x : 32;
            const __mmask16 lo = (__mmask16)(n >= 16 ? 0xffff : (1u << n) - 1);
            const __mmask16 hi = (__mmask16)(n <= 16 ? 0 : n >= 32 ? 0xffff : (1u << (n - 16)) - 1);
            const __m512 a = _mm512_maskz_loadu_ps(lo, src + x), b = _mm512_maskz_loadu_ps(hi, src + x + 16);
            const long pairs = (n + 1) / 2, odd_pairs = n / 2;
            _mm512_mask_storeu_ps(e + x / 2, (__mmask16)((1u << pairs) - 1), _mm512_permutex2var_ps(a, evens, b));
            _mm512_mask_storeu_ps(o + x / 2, (__mmask16)((1u << odd_pairs) - 1), _mm512_permutex2var_ps(a, odds, b));
        }
    }
}

// Items first ..< first + count, item = c·n + s (the Swift loop's order; each writes only its own
// plane's tiles): v[ξ·C·T + c·T + s·TH·TW + ty·TW + tx].
__attribute__((target("avx512f")))
void dl_winograd_input(const float *input, long sample_stride, long channels, long h, long w, long samples,
                       long first, long count, float *v) {
    const long th = (h + 1) / 2, tw = (w + 1) / 2, t = samples * th * tw, stride = channels * t;
    const long blocks = (tw + 15) / 16, rs = 16 * blocks + 16;  // index tx + 2 ≤ 16·blocks + 1
    float *buffer = aligned_alloc(64, (size_t)(2 * (2 * th + 2) * rs) * sizeof(float));
    if (!buffer) abort();
    memset(buffer, 0, (size_t)(2 * (2 * th + 2) * rs) * sizeof(float));
    const split_rows r = {buffer, buffer + (2 * th + 2) * rs, rs};
    for (long item = first; item < first + count; item++) {
        const long c = item / samples, s = item % samples;
        split_plane(input + s * sample_stride + c * h * w, h, w, r);
        float *out = v + c * t + s * th * tw;
        for (long ty = 0; ty < th; ty++) {
            // Split rows of input rows 2ty − 1 + i, i = 0 … 3.
            const float *e0 = r.even + 2 * ty * rs, *o0 = r.odd + 2 * ty * rs;
            for (long b = 0; b < blocks; b++) {
                const long tx = 16 * b, left = tw - tx;
                const __mmask16 lanes = (__mmask16)(left >= 16 ? 0xffff : (1u << left) - 1);
                // a_j over tx … tx + 15 of input row i: odd[tx], even[tx + 1], odd[tx + 1], even[tx + 2].
                __m512 a[4][4];
                for (int i = 0; i < 4; i++) {
                    const float *e = e0 + i * rs + tx, *o = o0 + i * rs + tx;
                    a[i][0] = _mm512_loadu_ps(o), a[i][1] = _mm512_loadu_ps(e + 1);
                    a[i][2] = _mm512_loadu_ps(o + 1), a[i][3] = _mm512_loadu_ps(e + 2);
                }
                for (int j = 0; j < 4; j++) {
                    // Along y, per column: r_i.
                    const __m512 r0 = _mm512_sub_ps(a[0][j], a[2][j]), r1 = _mm512_add_ps(a[1][j], a[2][j]);
                    const __m512 r2 = _mm512_sub_ps(a[2][j], a[1][j]), r3 = _mm512_sub_ps(a[1][j], a[3][j]);
                    a[0][j] = r0, a[1][j] = r1, a[2][j] = r2, a[3][j] = r3;  // a[i][j] is now r_i at column j
                }
                float *at = out + ty * tw + tx;
                for (int i = 0; i < 4; i++) {
                    _mm512_mask_storeu_ps(at + (4 * i) * stride, lanes, _mm512_sub_ps(a[i][0], a[i][2]));
                    _mm512_mask_storeu_ps(at + (4 * i + 1) * stride, lanes, _mm512_add_ps(a[i][1], a[i][2]));
                    _mm512_mask_storeu_ps(at + (4 * i + 2) * stride, lanes, _mm512_sub_ps(a[i][2], a[i][1]));
                    _mm512_mask_storeu_ps(at + (4 * i + 3) * stride, lanes, _mm512_sub_ps(a[i][1], a[i][3]));
                }
            }
        }
    }
    free(buffer);
}
