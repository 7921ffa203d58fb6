// Winograd F(2 x 2, 3 x 3)'s output transform Y = Aᵀ M A (+ bias) and its adjoint dM = A dY Aᵀ
// with AVX-512: the operations of Tensors/WinogradConvolution.swift's transformOutput and
// transformOutputGradient (their definitions, and the path of every other CPU) element for
// element, 16 tiles of a tile row at a time. Legend as in WinogradInput.c; M output channels.
//
// Output, per tile and column j of M (ξ = 4k + j):
//     s0_j = (M_j + M_4+j) + M_8+j,   s1_j = (M_4+j − M_8+j) − M_12+j
// then per output row i (q_j = s_i,j):  left = (q0 + q1) + q2,  right = (q1 − q2) − q3,
// written to columns 2tx (left) and 2tx + 1 (right) of row 2ty + i, each + bias when there is one.
// Adjoint, per tile (rows y0 = dY[2ty], y1 = dY[2ty + 1], +0 outside the plane), along y
//     r0 = y0,  r1 = y0 + y1,  r2 = y0 − y1,  r3 = −y1
// then along x with e = r at column 2tx, o = r at 2tx + 1:  dM(4i) = e, dM(4i+1) = e + o,
// dM(4i+2) = e − o, dM(4i+3) = −o.
#pragma STDC FP_CONTRACT OFF
#pragma clang fp contract(off)

#include "GEMMKernels.h"

#include <immintrin.h>
#include <stdlib.h>
#include <string.h>

int dl_winograd_output_supported(int kernel) { return kernel == DL_GEMM_AVX512 && dl_gemm_kernel_supported(kernel); }

// −x: the sign bit flipped (AVX-512F has no float xor; Swift's unary minus flips it too).
static inline __attribute__((always_inline, target("avx512f"))) __m512 negated(__m512 x) {
    return _mm512_castsi512_ps(_mm512_xor_si512(_mm512_castps_si512(x), _mm512_set1_epi32((int)0x80000000u)));
}

static inline __mmask16 first_lanes(long n) { return (__mmask16)(n >= 16 ? 0xffff : n <= 0 ? 0 : (1u << n) - 1); }

// Items first ..< first + count, item = s·M + o: output[item·H·W …] from product
// (16, M, T) at [ξ·M·T + o·T + s·TH·TW + ty·TW + tx].
__attribute__((target("avx512f")))
void dl_winograd_output(const float *product, long channels, long h, long w, long samples, const float *bias,
                        long first, long count, float *output) {
    const long th = (h + 1) / 2, tw = (w + 1) / 2, t = samples * th * tw, stride = channels * t;
    // left/right lanes k → line[2k], line[2k + 1]: the first 16 floats from lanes 0..7, the rest 8..15.
    const __m512i low = _mm512_setr_epi32(0, 16, 1, 17, 2, 18, 3, 19, 4, 20, 5, 21, 6, 22, 7, 23);
    const __m512i high = _mm512_setr_epi32(8, 24, 9, 25, 10, 26, 11, 27, 12, 28, 13, 29, 14, 30, 15, 31);
    for (long item = first; item < first + count; item++) {
        const long s = item / channels, o = item % channels;
        float *dst = output + item * h * w;
        const float *src = product + o * t + s * th * tw;
        const __m512 b = _mm512_set1_ps(bias ? bias[o] : 0.0f);
        for (long ty = 0; ty < th; ty++) {
            for (long tx = 0; tx < tw; tx += 16) {
                const __mmask16 lanes = first_lanes(tw - tx);
                const float *at = src + ty * tw + tx;
                __m512 q[2][4];
                for (int j = 0; j < 4; j++) {
                    const __m512 m0 = _mm512_maskz_loadu_ps(lanes, at + j * stride);
                    const __m512 m1 = _mm512_maskz_loadu_ps(lanes, at + (4 + j) * stride);
                    const __m512 m2 = _mm512_maskz_loadu_ps(lanes, at + (8 + j) * stride);
                    const __m512 m3 = _mm512_maskz_loadu_ps(lanes, at + (12 + j) * stride);
                    q[0][j] = _mm512_add_ps(_mm512_add_ps(m0, m1), m2);
                    q[1][j] = _mm512_sub_ps(_mm512_sub_ps(m1, m2), m3);
                }
                for (int i = 0; i < 2; i++) {
                    const long y = 2 * ty + i;
                    if (y >= h) continue;
                    __m512 left = _mm512_add_ps(_mm512_add_ps(q[i][0], q[i][1]), q[i][2]);
                    __m512 right = _mm512_sub_ps(_mm512_sub_ps(q[i][1], q[i][2]), q[i][3]);
                    if (bias) left = _mm512_add_ps(left, b), right = _mm512_add_ps(right, b);
                    float *line = dst + y * w + 2 * tx;
                    const long n = w - 2 * tx;  // floats of this row from column 2tx
                    _mm512_mask_storeu_ps(line, first_lanes(n), _mm512_permutex2var_ps(left, low, right));
                    _mm512_mask_storeu_ps(line + 16, first_lanes(n - 16), _mm512_permutex2var_ps(left, high, right));
                }
            }
        }
    }
}

// Items first ..< first + count, item = s·M + o: dM at [ξ·M·T + o·T + s·TH·TW + ty·TW + tx] from
// dOutput[item·H·W …].
__attribute__((target("avx512f")))
void dl_winograd_output_gradient(const float *d_output, long channels, long h, long w, long samples, long first,
                                 long count, float *dm) {
    const long th = (h + 1) / 2, tw = (w + 1) / 2, t = samples * th * tw, stride = channels * t;
    const __m512i evens = _mm512_setr_epi32(0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30);
    const __m512i odds = _mm512_setr_epi32(1, 3, 5, 7, 9, 11, 13, 15, 17, 19, 21, 23, 25, 27, 29, 31);
    for (long item = first; item < first + count; item++) {
        const long s = item / channels, o = item % channels;
        const float *plane = d_output + item * h * w;
        float *out = dm + o * t + s * th * tw;
        for (long ty = 0; ty < th; ty++) {
            for (long tx = 0; tx < tw; tx += 16) {
                // Columns 2tx … 2tx + 31 of rows 2ty and 2ty + 1 (+0 outside), split even / odd.
                __m512 e[2], od[2];
                const long n = w - 2 * tx;
                for (int k = 0; k < 2; k++) {
                    const long y = 2 * ty + k;
                    const float *row = plane + y * w + 2 * tx;
                    const __m512 a = y < h ? _mm512_maskz_loadu_ps(first_lanes(n), row) : _mm512_setzero_ps();
                    const __m512 b = y < h ? _mm512_maskz_loadu_ps(first_lanes(n - 16), row + 16) : _mm512_setzero_ps();
                    e[k] = _mm512_permutex2var_ps(a, evens, b), od[k] = _mm512_permutex2var_ps(a, odds, b);
                }
                const __m512 re[4] = {e[0], _mm512_add_ps(e[0], e[1]), _mm512_sub_ps(e[0], e[1]), negated(e[1])};
                const __m512 ro[4] = {od[0], _mm512_add_ps(od[0], od[1]), _mm512_sub_ps(od[0], od[1]),
                                      negated(od[1])};
                const __mmask16 lanes = first_lanes(tw - tx);
                float *at = out + ty * tw + tx;
                for (int i = 0; i < 4; i++) {
                    _mm512_mask_storeu_ps(at + (4 * i) * stride, lanes, re[i]);
                    _mm512_mask_storeu_ps(at + (4 * i + 1) * stride, lanes, _mm512_add_ps(re[i], ro[i]));
                    _mm512_mask_storeu_ps(at + (4 * i + 2) * stride, lanes, _mm512_sub_ps(re[i], ro[i]));
                    _mm512_mask_storeu_ps(at + (4 * i + 3) * stride, lanes, negated(ro[i]));
                }
            }
        }
    }
}
