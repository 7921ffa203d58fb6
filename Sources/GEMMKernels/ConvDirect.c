// A stride-1 convolution computed straight from its NCHW input into its NCHW output (AVX-512 and
// AVX2): no zero-bordered copy, no column matrix, no wide grid's extra columns, no gather.
//
// Legend (as in Tensors/Im2col.swift): C input channels, H, W input plane, KH, KW kernel, PH, PW
// padding, OH, OW output plane, P = OH·OW, T = KH·KW taps, K = R = C·T, M output channels.
//
// A vector is L lanes (16 on AVX-512, 8 on AVX2; 16 below) at consecutive positions oy·W + ox of a grid as wide as the input (OW ≤ W:
// lanes with ox ≥ OW or oy ≥ OH compute nothing), or, where OW > W, 16 consecutive outputs of
// one row. Tap t = (ki, kj) of channel c reads, for lane l at output (oy, ox), x[c, oy + ki − PH,
// ox + kj − PW]: consecutive floats either way, so one unaligned load at (vector's base) + c·H·W
// + ki·W + kj brings all 16, and a mask zeroes the lanes whose input falls outside the plane (or
// that compute nothing). Masked-off lanes do not fault. The lanes that compute are consecutive
// outputs (an output row of OW follows the previous one), so they are stored compressed.
// Each output element's chain is im2col's: +0, then fma(w[o, r], col(r, q), ·) for r = (c, ki, kj)
// ascending, with +0 where im2col stores padding — so the bits are those of dl_gemm_conv.
//
// Stride 2 (even H and W): the input is first split into its four phases, (C, 2, 2, H/2, W/2)
// with phase (ρ, γ) holding x[c, 2a + ρ, 2b + γ] at [a, b] (dl_conv_phase_split). Tap (ki, kj)
// of output (oy, ox) reads x[c, 2·oy + ki − PH, 2·ox + kj − PW] = phase ((ki − PH) mod 2,
// (kj − PW) mod 2) at (oy + ⌊(ki − PH)/2⌋, ox + ⌊(kj − PW)/2⌋): for lanes at consecutive
// positions of an OH x W/2 grid, again one shifted load per tap, so the same tile runs it, with
// the tap's phase in its offset. The same chains, the same bits.
#pragma STDC FP_CONTRACT OFF
#pragma clang fp contract(off)

#include "GEMMKernels.h"
#include "Kernels.h"

#include <immintrin.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

// The tiles: AVX-512 8 output channels x 3 vectors of 16 lanes (24 zmm accumulators), AVX2 6 x 2
// vectors of 8 lanes (12 of the 16 ymm). Packed weights are panels of the kernel's MR rows.
enum { MR = 8, NV = 3, MR2 = 6, NV2 = 2 };

static int lanes_of(int kernel) { return kernel == DL_GEMM_AVX512 ? 16 : 8; }
static int rows_of(int kernel) { return kernel == DL_GEMM_AVX512 ? MR : MR2; }

// Stride 2 on phases (even sides, every output's lanes across the OH x W/2 grid), else stride 1.
static int phases(const dl_conv_columns *g) { return g->sh == 2; }

// The plane a tap's load moves in: the input's, or with phases one phase's.
static long plane_width(const dl_conv_columns *g) { return phases(g) ? g->width / 2 : g->width; }

int dl_conv_direct_supported(int kernel, const dl_conv_columns *g) {
    const int stride1 = g->sh == 1 && g->sw == 1;
    const int stride2 = g->sh == 2 && g->sw == 2 && g->height % 2 == 0 && g->width % 2 == 0 &&
                        g->oh <= g->height / 2 && g->ow <= g->width / 2;
    return (kernel == DL_GEMM_AVX512 || kernel == DL_GEMM_AVX2) && dl_gemm_kernel_supported(kernel) &&
           (stride1 || stride2) && g->oh == (g->height + 2 * g->ph - g->kh) / g->sh + 1 &&
           g->ow == (g->width + 2 * g->pw - g->kw) / g->sw + 1 && g->oh > 0 && g->ow > 0 && g->kh * g->kw <= 64;
}

// x (samples, C, H, W), sample s at g->x + s·g->sample_stride → dst (samples, C, 2, 2, H/2, W/2),
// samples C·H·W apart: row y's even floats to phase (y mod 2, 0), its odd ones to (y mod 2, 1) —
// only the phases some tap reads (a 1 x 1 kernel reads one); the others are left unwritten.
__attribute__((target("avx2"))) void dl_conv_phase_split(const dl_conv_columns *g, long samples, float *dst) {
    const long H = g->height, W = g->width, W2 = W / 2, P2 = H / 2 * W2;
    int read[2][2] = {{0, 0}, {0, 0}};
    for (long ki = 0; ki < g->kh; ki++)
        for (long kj = 0; kj < g->kw; kj++) read[(ki - g->ph) & 1][(kj - g->pw) & 1] = 1;
    for (long s = 0; s < samples; s++)
        for (long c = 0; c < g->channels; c++) {
            const float *from = g->x + s * g->sample_stride + c * H * W;
            float *to = dst + (s * g->channels + c) * H * W;
            for (long y = 0; y < H; y++) {
                const int evens = read[y % 2][0], odds = read[y % 2][1];
                if (!evens && !odds) continue;
                const float *row = from + y * W;
                float *even = to + (y % 2) * 2 * P2 + y / 2 * W2, *odd = even + P2;
                long b = 0;
                for (; b + 8 <= W2; b += 8) {
                    // [l0 l2 h0 h2 | l4 l6 h4 h6] → [l0 l2 l4 l6 h0 h2 h4 h6], and the odd lanes likewise.
                    const __m256 lo = _mm256_loadu_ps(row + 2 * b), hi = _mm256_loadu_ps(row + 2 * b + 8);
                    if (evens)
                        _mm256_storeu_ps(even + b, _mm256_castpd_ps(_mm256_permute4x64_pd(
                                                       _mm256_castps_pd(_mm256_shuffle_ps(lo, hi, 0x88)), 0xD8)));
                    if (odds)
                        _mm256_storeu_ps(odd + b, _mm256_castpd_ps(_mm256_permute4x64_pd(
                                                      _mm256_castps_pd(_mm256_shuffle_ps(lo, hi, 0xDD)), 0xD8)));
                }
                for (; b < W2; b++) {
                    if (evens) even[b] = row[2 * b];
                    if (odds) odd[b] = row[2 * b + 1];
                }
            }
        }
}

long dl_conv_direct_rows(int kernel) { return rows_of(kernel); }

long dl_conv_direct_packed_count(int kernel, long m, long k) {
    const long mr = rows_of(kernel);
    return (m + mr - 1) / mr * mr * k;
}

// a (M, K) row-major → panels of MR rows, panel element (i, p) at [p·MR + i], rows past M +0.
void dl_conv_direct_pack(int kernel, long m, long k, const float *a, long lda, float *packed) {
    const long mr = rows_of(kernel);
    for (long i0 = 0; i0 < m; i0 += mr, packed += mr * k)
        for (long p = 0; p < k; p++)
            for (long i = 0; i < mr; i++) packed[p * mr + i] = i0 + i < m ? a[(i0 + i) * lda + p] : 0.0f;
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

__attribute__((target("avx512f"))) static void avx512_3x3(int taps, long channels, long hw, const long *toff,
                                                          const float *a, const float *const xb[NV],
                                                          const __mmask16 *const mk[NV], float *const yb[NV],
                                                          const __mmask16 sm[NV], long ldc, long rows) {
    tile(9, taps, channels, hw, toff, a, xb, mk, yb, sm, ldc, rows);
}
__attribute__((target("avx512f"))) static void avx512_any(int taps, long channels, long hw, const long *toff,
                                                          const float *a, const float *const xb[NV],
                                                          const __mmask16 *const mk[NV], float *const yb[NV],
                                                          const __mmask16 sm[NV], long ldc, long rows) {
    tile(0, taps, channels, hw, toff, a, xb, mk, yb, sm, ldc, rows);
}


// MARK: - AVX2: the same chains, 8 lanes, masks as vectors

// INSIDE: every float the tile's loads touch lies inside the caller's input, so a plain load
// ANDed with the mask (+0 in the masked lanes, as a masked load gives) replaces vmaskmovps: two
// µops each on Intel, and with the mask loads they made the loads, not the FMAs, the limit (one
// core: 8² x 64 channels 49.6 GFLOP/s with vmaskmovps, 84.0 with the AND, implicit im2col 60.0).
// Tiles whose vectors reach past either end of the input keep vmaskmovps, which does not fault.
static inline __attribute__((always_inline, target("avx2,fma")))
void step2(const int INSIDE, __m256 acc[MR2][NV2], const float *restrict a, const float *const xb[NV2],
           const __m256i *const mk[NV2], int t, long offset) {
    __m256 bv[NV2];
    if (INSIDE) {
#pragma clang loop unroll(full)
        for (int v = 0; v < NV2; v++)
            bv[v] = _mm256_and_ps(_mm256_loadu_ps(xb[v] + offset), _mm256_castsi256_ps(_mm256_load_si256(mk[v] + t)));
    } else {
#pragma clang loop unroll(full)
        for (int v = 0; v < NV2; v++) bv[v] = _mm256_maskload_ps(xb[v] + offset, _mm256_load_si256(mk[v] + t));
    }
#pragma clang loop unroll(full)
    for (int i = 0; i < MR2; i++) {
        const __m256 ai = _mm256_set1_ps(a[i]);
#pragma clang loop unroll(full)
        for (int v = 0; v < NV2; v++) acc[i][v] = _mm256_fmadd_ps(ai, bv[v], acc[i][v]);
    }
}

// As `tile`; a vector with fewer than 8 computing lanes goes through a buffer (AVX2 has no
// compressing store): its computing lanes, in order, to consecutive outputs.
static inline __attribute__((always_inline, target("avx2,fma")))
void tile2(const int TAPS, const int INSIDE, int taps, long channels, long hw, const long *toff, const float *restrict a,
           const float *const xb[NV2], const __m256i *const mk[NV2], float *const yb[NV2],
           const unsigned sm[NV2], long ldc, long rows) {
    __m256 acc[MR2][NV2];
#pragma clang loop unroll(full)
    for (int i = 0; i < MR2; i++)
#pragma clang loop unroll(full)
        for (int v = 0; v < NV2; v++) acc[i][v] = _mm256_setzero_ps();
    for (long c = 0; c < channels; c++) {
        const long co = c * hw;
        if (TAPS) {
#pragma clang loop unroll(full)
            for (int t = 0; t < TAPS; t++, a += MR2) step2(INSIDE, acc, a, xb, mk, t, co + toff[t]);
        } else {
            for (int t = 0; t < taps; t++, a += MR2) step2(INSIDE, acc, a, xb, mk, t, co + toff[t]);
        }
    }
#pragma clang loop unroll(full)
    for (int v = 0; v < NV2; v++)
#pragma clang loop unroll(full)
        for (int i = 0; i < MR2; i++) {
            if (i >= rows) continue;
            float *to = yb[v] + i * ldc;
            if (sm[v] == 0xff) {
                _mm256_storeu_ps(to, acc[i][v]);
            } else {
                _Alignas(32) float lanes[8];
                _mm256_store_ps(lanes, acc[i][v]);
                for (int l = 0, n = 0; l < 8; l++)
                    if (sm[v] >> l & 1) to[n++] = lanes[l];
            }
        }
}

#define AVX2_ENTRY(NAME, TAPS, INSIDE)                                                                   \
    __attribute__((target("avx2,fma"))) static void NAME(                                                \
        int taps, long channels, long hw, const long *toff, const float *a, const float *const xb[NV2], \
        const __m256i *const mk[NV2], float *const yb[NV2], const unsigned sm[NV2], long ldc, long rows) { \
        tile2(TAPS, INSIDE, taps, channels, hw, toff, a, xb, mk, yb, sm, ldc, rows);                     \
    }
AVX2_ENTRY(avx2_3x3, 9, 0)
AVX2_ENTRY(avx2_any, 0, 0)
AVX2_ENTRY(avx2_3x3_inside, 9, 1)
AVX2_ENTRY(avx2_any_inside, 0, 1)

// MARK: - The table and the driver

// Vectors of one sample: L positions at a time across the OH x W grid when OW ≤ W (a tap is then
// one shift of the whole plane), else L at a time along each output row.
static long vectors_per_sample(const dl_conv_columns *g, int L) {
    const long w = plane_width(g);
    return g->ow <= w ? (g->oh * w + L - 1) / L : g->oh * ((g->ow + L - 1) / L);
}

// The table: per tap its offset ki·W + kj; per vector of a sample where lane 0 reads for tap 0
// (relative to the sample's input), where its first computing lane writes (relative to the
// output plane), the bits of its computing lanes, and its T tap masks: bits (AVX-512's mask
// registers) or, for AVX2, vectors of 8 all-ones or zero lanes (what vmaskmovps reads).
typedef struct {
    long *toff, *xoff, *yoff;
    unsigned *store;
    __mmask16 *bits;  // AVX-512
    __m256i *lanes;   // AVX2
} table_view;

static table_view view(int kernel, const dl_conv_columns *g, void *table) {
    const long vs = vectors_per_sample(g, lanes_of(kernel));
    long *longs = table;
    unsigned *store = (unsigned *)(longs + 64 + 2 * vs);
    // Masks from the next 32-byte boundary (the table is 64-byte aligned).
    char *masks = (char *)table + ((64 + 2 * vs) * sizeof(long) + vs * sizeof(unsigned) + 31) / 32 * 32;
    return (table_view){.toff = longs, .xoff = longs + 64, .yoff = longs + 64 + vs, .store = store,
                        .bits = (__mmask16 *)masks, .lanes = (__m256i *)masks};
}

long dl_conv_direct_table_bytes(int kernel, const dl_conv_columns *g) {
    const long vs = vectors_per_sample(g, lanes_of(kernel)), taps = g->kh * g->kw;
    const long head = ((64 + 2 * vs) * (long)sizeof(long) + vs * (long)sizeof(unsigned) + 31) / 32 * 32;
    return head + vs * taps * (kernel == DL_GEMM_AVX512 ? (long)sizeof(__mmask16) : 32);
}

void dl_conv_direct_table(int kernel, const dl_conv_columns *g, void *table) {
    const long OH = g->oh, OW = g->ow;
    const int L = lanes_of(kernel), taps = (int)(g->kh * g->kw);
    const long per_row = (OW + L - 1) / L, vs = vectors_per_sample(g, L);
    table_view t = view(kernel, g, table);
    // The plane a load moves in (H x W, or a phase's H/2 x W/2), and per tap where lane (oy, ox)
    // reads in it: (oy + dy, ox + dx), at offset toff from the vector's base (which holds the
    // padding's shift on stride 1, the tap's phase with phases).
    const long H = phases(g) ? g->height / 2 : g->height, W = plane_width(g);
    const int across = OW <= W;
    long dy[64], dx[64];
    for (int i = 0; i < taps; i++) {
        const long ki = i / g->kw - g->ph, kj = i % g->kw - g->pw;
        if (phases(g)) {
            const long rho = ki & 1, gamma = kj & 1;  // two's complement: (−1) & 1 = 1
            dy[i] = (ki - rho) / 2, dx[i] = (kj - gamma) / 2;
            t.toff[i] = (2 * rho + gamma) * H * W + dy[i] * W + dx[i];
        } else {
            dy[i] = ki, dx[i] = kj;
            t.toff[i] = (i / g->kw) * W + i % g->kw;
        }
    }
    for (long j = 0; j < vs; j++) {
        // Lane l at output (oy(l), ox(l)): grid position L·j + l across, else row oy0 from ox0.
        const long oy0 = across ? L * j / W : j / per_row, ox0 = across ? L * j % W : j % per_row * L;
        t.xoff[j] = phases(g) ? oy0 * W + ox0 : (oy0 - g->ph) * W + ox0 - g->pw;
        unsigned valid = 0;
        long first = -1;
        for (int l = 0; l < L; l++) {
            const long oy = across ? (L * j + l) / W : oy0, ox = across ? (L * j + l) % W : ox0 + l;
            if (oy < OH && ox < OW) {
                valid |= 1u << l;
                if (first < 0) first = oy * OW + ox;
            }
        }
        t.yoff[j] = first < 0 ? 0 : first;
        t.store[j] = valid;
        for (int i = 0; i < taps; i++) {
            unsigned bits = 0;
            for (int l = 0; l < L; l++) {
                const long oy = across ? (L * j + l) / W : oy0, ox = across ? (L * j + l) % W : ox0 + l;
                const long iy = oy + dy[i], ix = ox + dx[i];
                if ((valid >> l & 1) && iy >= 0 && iy < H && ix >= 0 && ix < W) bits |= 1u << l;
            }
            if (kernel == DL_GEMM_AVX512) {
                t.bits[j * taps + i] = (__mmask16)bits;
            } else {
                int32_t lanes[8];
                for (int l = 0; l < 8; l++) lanes[l] = bits >> l & 1 ? -1 : 0;
                memcpy(&t.lanes[j * taps + i], lanes, sizeof lanes);
            }
        }
    }
}

// Vector `index` of the samples: where it reads and writes, its masks and computing lanes, or,
// past the last vector, nothing read (all masks zero) and nothing written.
typedef struct {
    const float *x;
    float *y;
    long j;
    unsigned store;
} vector_place;

static vector_place place(const dl_conv_columns *g, const table_view *t, long vs, long vectors, long index,
                          float *y, long y_sample_stride) {
    if (index >= vectors) return (vector_place){g->x, y, -1, 0};
    const long s = index / vs, j = index % vs;
    // Lane 0's input for tap (0, 0) may lie before the plane: only masked lanes go there.
    const float *x = (const float *)((uintptr_t)g->x + (uintptr_t)(s * g->sample_stride + t->xoff[j]) * sizeof(float));
    return (vector_place){x, y + s * y_sample_stride + t->yoff[j], j, t->store[j]};
}

void dl_conv_direct(int kernel, const void *table, const float *packed, long m, const dl_conv_columns *g,
                    long samples, float *y, long y_sample_stride) {
    const int L = lanes_of(kernel), taps = (int)(g->kh * g->kw), mr = rows_of(kernel);
    const long P = g->oh * g->ow, hw = g->height * g->width, vs = vectors_per_sample(g, L);
    const long k = g->channels * taps, vectors = samples * vs;
    const table_view t = view(kernel, g, (void *)table);
    static const __mmask16 no_bits[64];
    static const __m256i no_lanes[64];
    const int nv = kernel == DL_GEMM_AVX512 ? NV : NV2;
    // The input's floats: samples − 1 strides and one sample's C·H·W from g->x; a vector's loads
    // reach `last` floats past its base.
    const uintptr_t begin = (uintptr_t)g->x;
    const uintptr_t end = begin + (uintptr_t)((samples - 1) * g->sample_stride + g->channels * hw) * sizeof(float);
    // Tap offsets from the vector's base: ascending from 0 on stride 1, by phase with phases.
    long lowest = t.toff[0], highest = t.toff[0];
    for (int i = 1; i < taps; i++) {
        if (t.toff[i] < lowest) lowest = t.toff[i];
        if (t.toff[i] > highest) highest = t.toff[i];
    }
    const long last = (g->channels - 1) * hw + highest + 8;
    for (long v0 = 0; v0 < vectors; v0 += nv) {
        vector_place at[NV];
        for (int v = 0; v < nv; v++) at[v] = place(g, &t, vs, vectors, v0 + v, y, y_sample_stride);
        for (long i0 = 0; i0 < m; i0 += mr) {
            const long rows = m - i0 < mr ? m - i0 : mr;
            const float *xb[NV];
            float *yb[NV];
            for (int v = 0; v < nv; v++) xb[v] = at[v].x, yb[v] = at[v].y + i0 * P;
            if (kernel == DL_GEMM_AVX512) {
                const __mmask16 *mk[NV];
                __mmask16 sm[NV];
                for (int v = 0; v < NV; v++)
                    mk[v] = at[v].j < 0 ? no_bits : t.bits + at[v].j * taps, sm[v] = (__mmask16)at[v].store;
                (taps == 9 ? avx512_3x3 : avx512_any)(taps, g->channels, hw, t.toff, packed + i0 * k, xb, mk, yb, sm,
                                                      P, rows);
            } else {
                const __m256i *mk[NV2];
                unsigned sm[NV2];
                int inside = 1;
                for (int v = 0; v < NV2; v++) {
                    mk[v] = at[v].j < 0 ? no_lanes : t.lanes + at[v].j * taps, sm[v] = at[v].store;
                    // Its loads span xb + lowest … xb + (C − 1)·H·W + highest + 8.
                    const uintptr_t from = (uintptr_t)xb[v] + (uintptr_t)lowest * sizeof(float),
                                    to = (uintptr_t)xb[v] + (uintptr_t)last * sizeof(float);
                    inside &= from >= begin && to <= end;
                }
                (taps == 9 ? inside ? avx2_3x3_inside : avx2_3x3 : inside ? avx2_any_inside : avx2_any)(
                    taps, g->channels, hw, t.toff, packed + i0 * k, xb, mk, yb, sm, P, rows);
            }
        }
    }
}
