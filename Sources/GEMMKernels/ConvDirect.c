// A stride-1 convolution computed straight from its NCHW input into its NCHW output (AVX-512):
// no zero-bordered copy, no column matrix, no wide grid's extra columns, no gather.
//
// Legend (as in Tensors/Im2col.swift): C input channels, H, W input plane, KH, KW kernel, PH, PW
// padding, OH, OW output plane, P = OH·OW, T = KH·KW taps, K = R = C·T, M output channels.
//
// A vector is 16 lanes at consecutive positions oy·W + ox of a grid as wide as the input (OW ≤ W:
// lanes with ox ≥ OW or oy ≥ OH compute nothing), or, where OW > W, 16 consecutive outputs of
// one row. Tap t = (ki, kj) of channel c reads, for lane l at output (oy, ox), x[c, oy + ki − PH,
// ox + kj − PW]: consecutive floats either way, so one unaligned load at (vector's base) + c·H·W
// + ki·W + kj brings all 16, and a mask zeroes the lanes whose input falls outside the plane (or
// that compute nothing). Masked-off lanes do not fault. The lanes that compute are consecutive
// outputs (an output row of OW follows the previous one), so they are stored compressed.
// Each output element's chain is im2col's: +0, then fma(w[o, r], col(r, q), ·) for r = (c, ki, kj)
// ascending, with +0 where im2col stores padding — so the bits are those of dl_gemm_conv.
#pragma STDC FP_CONTRACT OFF
#pragma clang fp contract(off)

#include "GEMMKernels.h"
#include "Kernels.h"

#include <immintrin.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

enum { MR = 8, NV = 3 };  // a tile: 8 output channels x 3 vectors (24 zmm accumulators)

int dl_conv_direct_supported(int kernel, const dl_conv_columns *g) {
    return kernel == DL_GEMM_AVX512 && dl_gemm_kernel_supported(kernel) && g->sh == 1 && g->sw == 1 &&
           g->oh == g->height + 2 * g->ph - g->kh + 1 && g->ow == g->width + 2 * g->pw - g->kw + 1 &&
           g->oh > 0 && g->ow > 0 && g->kh * g->kw <= 64;
}

long dl_conv_direct_packed_count(long m, long k) { return (m + MR - 1) / MR * MR * k; }

// a (M, K) row-major → panels of MR rows, panel element (i, p) at [p·MR + i], rows past M +0.
void dl_conv_direct_pack(long m, long k, const float *a, long lda, float *packed) {
    for (long i0 = 0; i0 < m; i0 += MR, packed += MR * k)
        for (long p = 0; p < k; p++)
            for (long i = 0; i < MR; i++) packed[p * MR + i] = i0 + i < m ? a[(i0 + i) * lda + p] : 0.0f;
}

// One step p = (c, t): NV masked loads, MR broadcasts, MR·NV fused multiply-adds.
static inline __attribute__((always_inline, target("avx512f")))
void step(__m512 acc[MR][NV], const float *restrict a, const float *const xb[NV], const __mmask16 *const mk[NV],
          int t, long offset) {
    __m512 bv[NV];
#pragma clang loop unroll(full)
    for (int v = 0; v < NV; v++) bv[v] = _mm512_maskz_loadu_ps(mk[v][t], xb[v] + offset);
#pragma clang loop unroll(full)
    for (int i = 0; i < MR; i++) {
        const __m512 ai = _mm512_set1_ps(a[i]);
#pragma clang loop unroll(full)
        for (int v = 0; v < NV; v++) acc[i][v] = _mm512_fmadd_ps(ai, bv[v], acc[i][v]);
    }
}

// One tile: rows ≤ MR output channels x NV vectors, each vector v reading from xb[v] (+ c·hw +
// toff[t]) under masks mk[v][t], storing its lanes in sm[v] side by side from yb[v] + i·ldc.
// TAPS: the compile-time tap count (9 for 3 x 3, unrolled), or 0 to read it from `taps`.
static inline __attribute__((always_inline, target("avx512f")))
void tile(const int TAPS, int taps, long channels, long hw, const long *toff, const float *restrict a,
          const float *const xb[NV], const __mmask16 *const mk[NV], float *const yb[NV],
          const __mmask16 sm[NV], long ldc, long rows) {
    // Every loop over MR and NV unrolled in full, so that acc lives in 24 registers (a loop left
    // rolled keeps it on the stack: without -march=native, clang -O2 spilled it, at half speed).
    __m512 acc[MR][NV];
#pragma clang loop unroll(full)
    for (int i = 0; i < MR; i++)
#pragma clang loop unroll(full)
        for (int v = 0; v < NV; v++) acc[i][v] = _mm512_setzero_ps();
    for (long c = 0; c < channels; c++) {
        const long co = c * hw;
        if (TAPS) {
#pragma clang loop unroll(full)
            for (int t = 0; t < TAPS; t++, a += MR) step(acc, a, xb, mk, t, co + toff[t]);
        } else {
            for (int t = 0; t < taps; t++, a += MR) step(acc, a, xb, mk, t, co + toff[t]);
        }
    }
    // The computing lanes side by side: consecutive outputs.
#pragma clang loop unroll(full)
    for (int v = 0; v < NV; v++) {
        const __mmask16 packed = (__mmask16)((1u << __builtin_popcount(sm[v])) - 1);
#pragma clang loop unroll(full)
        for (int i = 0; i < MR; i++)
            if (i < rows) _mm512_mask_storeu_ps(yb[v] + i * ldc, packed, _mm512_maskz_compress_ps(sm[v], acc[i][v]));
    }
}

__attribute__((target("avx512f"))) static void tile_3x3(int taps, long channels, long hw, const long *toff,
                                                        const float *a, const float *const xb[NV],
                                                        const __mmask16 *const mk[NV], float *const yb[NV],
                                                        const __mmask16 sm[NV], long ldc, long rows) {
    tile(9, taps, channels, hw, toff, a, xb, mk, yb, sm, ldc, rows);
}
__attribute__((target("avx512f"))) static void tile_any(int taps, long channels, long hw, const long *toff,
                                                        const float *a, const float *const xb[NV],
                                                        const __mmask16 *const mk[NV], float *const yb[NV],
                                                        const __mmask16 sm[NV], long ldc, long rows) {
    tile(0, taps, channels, hw, toff, a, xb, mk, yb, sm, ldc, rows);
}

// Vectors of one sample: 16 positions at a time across the OH x W grid when OW ≤ W (a tap is then
// one shift of the whole plane), else 16 at a time along each output row.
static long vectors_per_sample(const dl_conv_columns *g) {
    return g->ow <= g->width ? (g->oh * g->width + 15) / 16 : g->oh * ((g->ow + 15) / 16);
}

// The table: per tap its offset ki·W + kj; per vector of a sample where lane 0 reads for tap 0
// (relative to the sample's input), where its first computing lane writes (relative to the
// output plane), its T tap masks and the mask of its computing lanes.
typedef struct {
    long toff[64];
    long *xoff, *yoff;
    __mmask16 *masks, *store;
} table_view;

static table_view view(const dl_conv_columns *g, void *table) {
    const long vs = vectors_per_sample(g), taps = g->kh * g->kw;
    long *longs = (long *)table + 64;
    __mmask16 *masks = (__mmask16 *)(longs + 2 * vs);
    return (table_view){.xoff = longs, .yoff = longs + vs, .masks = masks, .store = masks + vs * taps};
}

long dl_conv_direct_table_bytes(const dl_conv_columns *g) {
    const long vs = vectors_per_sample(g);
    return (64 + 2 * vs) * (long)sizeof(long) + vs * (g->kh * g->kw + 1) * (long)sizeof(__mmask16);
}

void dl_conv_direct_table(const dl_conv_columns *g, void *table) {
    const long H = g->height, W = g->width, OH = g->oh, OW = g->ow;
    const int across = OW <= W, taps = (int)(g->kh * g->kw);
    const long per_row = (OW + 15) / 16, vs = vectors_per_sample(g);
    table_view t = view(g, table);
    long *toff = table;
    for (int i = 0; i < taps; i++) toff[i] = (i / g->kw) * W + i % g->kw;
    for (long j = 0; j < vs; j++) {
        // Lane l at output (oy(l), ox(l)): grid position 16j + l across, else row oy0 from ox0.
        const long oy0 = across ? 16 * j / W : j / per_row, ox0 = across ? 16 * j % W : j % per_row * 16;
        t.xoff[j] = (oy0 - g->ph) * W + ox0 - g->pw;
        unsigned valid = 0;
        long first = -1;
        for (int l = 0; l < 16; l++) {
            const long oy = across ? (16 * j + l) / W : oy0, ox = across ? (16 * j + l) % W : ox0 + l;
            if (oy < OH && ox < OW) {
                valid |= 1u << l;
                if (first < 0) first = oy * OW + ox;
            }
        }
        t.yoff[j] = first < 0 ? 0 : first;
        t.store[j] = (__mmask16)valid;
        for (int i = 0; i < taps; i++) {
            const long ki = i / g->kw, kj = i % g->kw;
            unsigned bits = 0;
            for (int l = 0; l < 16; l++) {
                const long oy = across ? (16 * j + l) / W : oy0, ox = across ? (16 * j + l) % W : ox0 + l;
                const long iy = oy + ki - g->ph, ix = ox + kj - g->pw;
                if ((valid >> l & 1) && iy >= 0 && iy < H && ix >= 0 && ix < W) bits |= 1u << l;
            }
            t.masks[j * taps + i] = (__mmask16)bits;
        }
    }
}

void dl_conv_direct(const void *table, const float *packed, long m, const dl_conv_columns *g, long samples,
                    float *y, long y_sample_stride) {
    const long P = g->oh * g->ow, hw = g->height * g->width, vs = vectors_per_sample(g);
    const int taps = (int)(g->kh * g->kw);
    const long k = g->channels * taps;
    const table_view t = view(g, (void *)table);
    const long *toff = table;
    static const __mmask16 none[64];
    const long vectors = samples * vs;
    for (long v0 = 0; v0 < vectors; v0 += NV) {
        const float *xb[NV];
        const __mmask16 *mk[NV];
        float *yb[NV];
        __mmask16 sm[NV];
        for (int v = 0; v < NV; v++) {
            const long index = v0 + v, s = index / vs, j = index % vs;
            if (index < vectors) {
                // Lane 0's input for tap (0, 0) may lie before the plane: only masked lanes go there.
                xb[v] = (const float *)((uintptr_t)g->x + (uintptr_t)(s * g->sample_stride + t.xoff[j]) * sizeof(float));
                yb[v] = y + s * y_sample_stride + t.yoff[j], mk[v] = t.masks + j * taps, sm[v] = t.store[j];
            } else {
                xb[v] = g->x, yb[v] = y, mk[v] = none, sm[v] = 0;  // a missing vector: nothing read or written
            }
        }
        for (long i0 = 0; i0 < m; i0 += MR) {
            float *yi[NV];
            for (int v = 0; v < NV; v++) yi[v] = yb[v] + i0 * P;
            (taps == 9 ? tile_3x3 : tile_any)(taps, g->channels, hw, toff, packed + i0 * k, xb, mk, yi, sm, P,
                                              m - i0 < MR ? m - i0 : MR);
        }
    }
}
