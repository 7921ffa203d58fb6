// A convolution with output channels in the vector lanes (AVX-512 and AVX2), for small planes,
// where ConvDirect.c's vectors of positions fall across rows and cache lines (a 4 × 4 plane is one
// vector per sample) and im2col's columns are nine copies of the input.
//
// Legend (as in Tensors/Im2col.swift): C input channels, H, W input plane, KH, KW kernel, PH, PW
// padding, SH, SW stride, OH, OW output plane, P = OH·OW, T = KH·KW taps, K = R = C·T, M output
// channels, L lanes (16 on AVX-512, 8 on AVX2), MB = ⌈M/L⌉ blocks of output channels.
//
// The samples are first copied into a zero-bordered input xp (samples, C, HP, WP), HP = H + 2·PH,
// WP = W + 2·PW, so that tap (ki, kj) of output (oy, ox) reads xp[c, oy·SH + ki, ox·SW + kj]
// with no test. A tile is RT output rows × CT consecutive outputs of each × V blocks of L output
// channels: for each r = (c, ki, kj) ascending, V vector loads of the packed weights (MB, K, L)
// and RT·CT broadcasts of the input feed RT·CT·V fused multiply-adds. Each output element's chain
// is im2col's: +0, then fma(w[o, r], col(r, q), ·) for r ascending, with +0 where im2col stores
// padding (here read from the border) — so the bits are those of dl_gemm_conv and ConvDirect.c.
// Tiles at the right and bottom edges and the last channel block overlap their neighbours rather
// than run short: an output computed twice is the same float both times.
#pragma STDC FP_CONTRACT OFF
#pragma clang fp contract(off)

#include "GEMMKernels.h"
#include "Kernels.h"

#include <immintrin.h>
#include <stdlib.h>
#include <string.h>

static int lanes_of(int kernel) { return kernel == DL_GEMM_AVX512 ? 16 : 8; }

// M rounded up to whole vectors: the packed weights' and dWeightᵀ's lanes per step.
long dl_conv_lanes_weight_ld(int kernel, long m) {
    const long L = lanes_of(kernel);
    return (m + L - 1) / L * L;
}

int dl_conv_lanes_supported(int kernel, const dl_conv_columns *g) {
    const long sh = g->sh, sw = g->sw;
    return (kernel == DL_GEMM_AVX512 || kernel == DL_GEMM_AVX2) && dl_gemm_kernel_supported(kernel) &&
           ((sh == 1 && sw == 1) || (sh == 2 && sw == 2)) && g->oh == (g->height + 2 * g->ph - g->kh) / sh + 1 &&
           g->ow == (g->width + 2 * g->pw - g->kw) / sw + 1 && g->oh > 0 && g->ow > 0 && g->ph < g->kh && g->pw < g->kw;
}

long dl_conv_lanes_packed_count(int kernel, long m, long k) { return dl_conv_lanes_weight_ld(kernel, m) * k; }

// a (M, K) row-major → (MB, K, L): block b's element (p, l) is a[b·L + l, p], lanes past M +0.
void dl_conv_lanes_pack(int kernel, long m, long k, const float *a, long lda, float *packed) {
    const long L = lanes_of(kernel);
    for (long b = 0; b * L < m; b++)
        for (long p = 0; p < k; p++)
            for (long l = 0; l < L; l++) packed[(b * k + p) * L + l] = b * L + l < m ? a[(b * L + l) * lda + p] : 0.0f;
}

long dl_conv_lanes_padded_count(const dl_conv_columns *g, long samples) {
    return samples * g->channels * (g->height + 2 * g->ph) * (g->width + 2 * g->pw);
}

// x (samples, C, H, W), sample s at g->x + s·g->sample_stride → xp (samples, C, HP, WP), borders +0.
void dl_conv_lanes_pad(const dl_conv_columns *g, long samples, float *xp) {
    const long H = g->height, W = g->width, HP = H + 2 * g->ph, WP = W + 2 * g->pw;
    for (long s = 0; s < samples; s++)
        for (long c = 0; c < g->channels; c++) {
            const float *from = g->x + s * g->sample_stride + c * H * W;
            float *to = xp + (s * g->channels + c) * HP * WP;
            // Plain loops: on 4 x 4 planes a memset and memcpy per row took as long as the kernel.
            for (long i = 0; i < HP * WP; i++) to[i] = 0.0f;
            for (long y = 0; y < H; y++)
                for (long x = 0; x < W; x++) to[(g->ph + y) * WP + g->pw + x] = from[y * W + x];
        }
}

// The tile's arguments: where r = 0's taps read for output (oy0, ox0) (xs), each r's offset from
// there (off, K of them), the input row step between output rows (row = SH·WP), the weights of its
// first channel block (w, blocks wk = K·L floats apart), and its outputs: y + block·L·P + oy·OW + ox
// for the channels below `m` (relative to the block's first).
typedef struct {
    const float *xs;
    const long *off;
    long k, row;
    const float *w;
    long wk;
    float *y;
    long p, ow, m;
} tile_args;

// One tile of RT x CT outputs x V channel blocks, stride SW along a row. Every loop over RT, CT and
// V unrolled, so the accumulators live in registers.
#define AVX512_TILE(RT, CT, V, SW)                                                                             \
    __attribute__((target("avx512f"))) static void avx512_##RT##_##CT##_##V##_##SW(const tile_args *t) {     \
        __m512 acc[RT][CT][V];                                                                                 \
        _Pragma("clang loop unroll(full)") for (int i = 0; i < RT; i++)                                        \
            _Pragma("clang loop unroll(full)") for (int j = 0; j < CT; j++)                                    \
                _Pragma("clang loop unroll(full)") for (int v = 0; v < V; v++) acc[i][j][v] = _mm512_setzero_ps(); \
        const float *w = t->w;                                                                                 \
        const long row = t->row, wk = t->wk;                                                                   \
        for (long r = 0; r < t->k; r++, w += 16) {                                                             \
            const float *x = t->xs + t->off[r];                                                                \
            __m512 b[V];                                                                                       \
            _Pragma("clang loop unroll(full)") for (int v = 0; v < V; v++) b[v] = _mm512_loadu_ps(w + v * wk); \
            _Pragma("clang loop unroll(full)") for (int i = 0; i < RT; i++)                                    \
                _Pragma("clang loop unroll(full)") for (int j = 0; j < CT; j++) {                              \
                const __m512 xv = _mm512_set1_ps(x[i * row + j * SW]);                                         \
                _Pragma("clang loop unroll(full)") for (int v = 0; v < V; v++) acc[i][j][v] =                  \
                    _mm512_fmadd_ps(b[v], xv, acc[i][j][v]);                                                   \
            }                                                                                                  \
        }                                                                                                      \
        /* Lane l of block v to channel v·16 + l's plane, for the channels below m (a scatter measured \
           10 % slower on 4 × 4 planes than stores from the stack). */                                   \
        _Pragma("clang loop unroll(full)") for (int v = 0; v < V; v++) {                                       \
            const long left = t->m - 16 * v, live = left < 16 ? left : 16;                                     \
            _Pragma("clang loop unroll(full)") for (int i = 0; i < RT; i++)                                    \
                _Pragma("clang loop unroll(full)") for (int j = 0; j < CT; j++) {                              \
                _Alignas(64) float lanes[16];                                                                  \
                _mm512_store_ps(lanes, acc[i][j][v]);                                                          \
                float *to = t->y + 16 * v * t->p + i * t->ow + j;                                              \
                for (long l = 0; l < live; l++) to[l * t->p] = lanes[l];                                       \
            }                                                                                                  \
        }                                                                                                      \
    }

#define AVX2_TILE(RT, CT, V, SW)                                                                               \
    __attribute__((target("avx2,fma"))) static void avx2_##RT##_##CT##_##V##_##SW(const tile_args *t) {       \
        __m256 acc[RT][CT][V];                                                                                 \
        _Pragma("clang loop unroll(full)") for (int i = 0; i < RT; i++)                                        \
            _Pragma("clang loop unroll(full)") for (int j = 0; j < CT; j++)                                    \
                _Pragma("clang loop unroll(full)") for (int v = 0; v < V; v++) acc[i][j][v] = _mm256_setzero_ps(); \
        const float *w = t->w;                                                                                 \
        const long row = t->row, wk = t->wk;                                                                   \
        for (long r = 0; r < t->k; r++, w += 8) {                                                              \
            const float *x = t->xs + t->off[r];                                                                \
            __m256 b[V];                                                                                       \
            _Pragma("clang loop unroll(full)") for (int v = 0; v < V; v++) b[v] = _mm256_loadu_ps(w + v * wk); \
            _Pragma("clang loop unroll(full)") for (int i = 0; i < RT; i++)                                    \
                _Pragma("clang loop unroll(full)") for (int j = 0; j < CT; j++) {                              \
                const __m256 xv = _mm256_broadcast_ss(x + i * row + j * SW);                                   \
                _Pragma("clang loop unroll(full)") for (int v = 0; v < V; v++) acc[i][j][v] =                  \
                    _mm256_fmadd_ps(b[v], xv, acc[i][j][v]);                                                   \
            }                                                                                                  \
        }                                                                                                      \
        _Pragma("clang loop unroll(full)") for (int v = 0; v < V; v++) {                                       \
            const long left = t->m - 8 * v, live = left < 8 ? left : 8;                                        \
            _Pragma("clang loop unroll(full)") for (int i = 0; i < RT; i++)                                    \
                _Pragma("clang loop unroll(full)") for (int j = 0; j < CT; j++) {                              \
                _Alignas(32) float lanes[8];                                                                   \
                _mm256_store_ps(lanes, acc[i][j][v]);                                                          \
                float *to = t->y + 8 * v * t->p + i * t->ow + j;                                               \
                for (long l = 0; l < live; l++) to[l * t->p] = lanes[l];                                       \
            }                                                                                                  \
        }                                                                                                      \
    }

// Tiles up to 2 rows x 4 outputs x 2 blocks (AVX-512: 16 zmm accumulators; AVX2 1 block: 8 ymm).
#define ROWS_OF(F, CT, V, SW) F(1, CT, V, SW) F(2, CT, V, SW)
#define COLUMNS_OF(F, V, SW) ROWS_OF(F, 1, V, SW) ROWS_OF(F, 2, V, SW) ROWS_OF(F, 3, V, SW) ROWS_OF(F, 4, V, SW)
COLUMNS_OF(AVX512_TILE, 1, 1)
COLUMNS_OF(AVX512_TILE, 2, 1)
COLUMNS_OF(AVX512_TILE, 1, 2)
COLUMNS_OF(AVX512_TILE, 2, 2)
COLUMNS_OF(AVX2_TILE, 1, 1)
COLUMNS_OF(AVX2_TILE, 1, 2)

typedef void (*tile_fn)(const tile_args *);
#define ENTRY(P, RT, CT, V, SW) P##_##RT##_##CT##_##V##_##SW
#define ROW_ENTRIES(P, CT, V, SW) {ENTRY(P, 1, CT, V, SW), ENTRY(P, 2, CT, V, SW)}
#define COLUMN_ENTRIES(P, V, SW) \
    {ROW_ENTRIES(P, 1, V, SW), ROW_ENTRIES(P, 2, V, SW), ROW_ENTRIES(P, 3, V, SW), ROW_ENTRIES(P, 4, V, SW)}
// [stride − 1][blocks − 1][columns − 1][rows − 1]
static const tile_fn avx512_tiles[2][2][4][2] = {
    {COLUMN_ENTRIES(avx512, 1, 1), COLUMN_ENTRIES(avx512, 2, 1)},
    {COLUMN_ENTRIES(avx512, 1, 2), COLUMN_ENTRIES(avx512, 2, 2)},
};
static const tile_fn avx2_tiles[2][4][2] = {COLUMN_ENTRIES(avx2, 1, 1), COLUMN_ENTRIES(avx2, 1, 2)};

void dl_conv_lanes(int kernel, const float *packed, long m, const dl_conv_columns *g, long samples,
                   const float *padded, float *y, long y_sample_stride, long b0, long b1) {
    const long L = lanes_of(kernel), taps = g->kh * g->kw, k = g->channels * taps;
    const long HP = g->height + 2 * g->ph, WP = g->width + 2 * g->pw, OH = g->oh, OW = g->ow, P = OH * OW;
    const int stride = (int)g->sh;
    // Each r's offset from the tile's base, for r = (c, ki, kj) ascending.
    long off_stack[1024], *off = k <= 1024 ? off_stack : (long *)malloc(k * sizeof(long));
    for (long c = 0, r = 0; c < g->channels; c++)
        for (long ki = 0; ki < g->kh; ki++)
            for (long kj = 0; kj < g->kw; kj++) off[r++] = c * HP * WP + ki * WP + kj;
    const long rt = OH >= 2 ? 2 : 1, ct = OW >= 4 ? 4 : OW, vmax = kernel == DL_GEMM_AVX512 ? 2 : 1;
    const long blocks = b1 - b0, vb = blocks >= vmax ? vmax : 1;
    const tile_fn fn = kernel == DL_GEMM_AVX512 ? avx512_tiles[stride - 1][vb - 1][ct - 1][rt - 1]
                                                : avx2_tiles[stride - 1][ct - 1][rt - 1];
    tile_args t = {.off = off, .k = k, .row = stride * WP, .wk = k * L, .p = P, .ow = OW};
    for (long s = 0; s < samples; s++) {
        const float *xs = padded + s * g->channels * HP * WP;
        for (long bb = b0; bb < b1; bb += vb) {
            const long b = bb + vb <= b1 ? bb : b1 - vb;  // the last group overlaps the one before
            t.w = packed + b * k * L, t.m = m - b * L;
            for (long oy = 0; oy < OH; oy += rt) {
                const long y0 = oy + rt <= OH ? oy : OH - rt;
                for (long ox = 0; ox < OW; ox += ct) {
                    const long x0 = ox + ct <= OW ? ox : OW - ct;
                    t.xs = xs + y0 * stride * WP + x0 * stride;
                    t.y = y + s * y_sample_stride + b * L * P + y0 * OW + x0;
                    fn(&t);
                }
            }
        }
    }
    if (off != off_stack) free(off);
}

// MARK: - dWeight with the output channels in the lanes

// dWT (R, LD) += col · dOutᵀ for a 3 x 3 kernel, LD = MB·L: element (r, o), r = (c, ki, kj), one
// chain of fused multiply-adds over the positions (s, oy, ox) ascending of fma(col(r, q), dOut(o, q),
// ·), continuing the float dWT holds: im2col's dWeight chain (`dl_gemm` on the stored columns,
// either layout). col(r, q) is read from the zero-bordered input xp (dl_conv_lanes_pad), dOut from
// its transpose dt (samples·P, LD) (dl_conv_lanes_transpose). A tile is CB channels x 9 taps x V
// blocks of L output channels (CB·V ≤ 3: 27 accumulators), loaded from dWT, run over every
// position, stored back.
typedef struct {
    const float *xs;  // xp at channel c, (ki, kj) = (0, 0), position (0, 0) of sample 0
    long sample, row, plane;  // xp's sample, row and channel strides
    long oh, ow, stride, samples;
    const float *dt;  // dt at block b
    float *dw;        // dWT at row (c, 0, 0), block b
    long ld;
} weight_args;

#define AVX512_WEIGHT(CB, V, SW)                                                                              \
    __attribute__((target("avx512f"))) static void avx512_dw_##CB##_##V##_##SW(const weight_args *t) {      \
        __m512 acc[CB][9][V];                                                                                 \
        _Pragma("clang loop unroll(full)") for (int c = 0; c < CB; c++)                                       \
            _Pragma("clang loop unroll(full)") for (int k = 0; k < 9; k++)                                    \
                _Pragma("clang loop unroll(full)") for (int v = 0; v < V; v++) acc[c][k][v] =                 \
                    _mm512_loadu_ps(t->dw + (c * 9 + k) * t->ld + 16 * v);                                    \
        const long row = t->row, plane = t->plane;                                                            \
        const float *d = t->dt;                                                                               \
        for (long s = 0; s < t->samples; s++)                                                                 \
            for (long oy = 0; oy < t->oh; oy++) {                                                             \
                const float *x = t->xs + s * t->sample + oy * SW * row;                                       \
                for (long ox = 0; ox < t->ow; ox++, x += SW, d += t->ld) {                                    \
                    __m512 g[V];                                                                              \
                    _Pragma("clang loop unroll(full)") for (int v = 0; v < V; v++) g[v] = _mm512_loadu_ps(d + 16 * v); \
                    _Pragma("clang loop unroll(full)") for (int c = 0; c < CB; c++)                           \
                        _Pragma("clang loop unroll(full)") for (int k = 0; k < 9; k++) {                      \
                        const __m512 xv = _mm512_set1_ps(x[c * plane + (k / 3) * row + k % 3]);              \
                        _Pragma("clang loop unroll(full)") for (int v = 0; v < V; v++) acc[c][k][v] =         \
                            _mm512_fmadd_ps(xv, g[v], acc[c][k][v]);                                          \
                    }                                                                                         \
                }                                                                                             \
            }                                                                                                 \
        _Pragma("clang loop unroll(full)") for (int c = 0; c < CB; c++)                                       \
            _Pragma("clang loop unroll(full)") for (int k = 0; k < 9; k++)                                    \
                _Pragma("clang loop unroll(full)") for (int v = 0; v < V; v++)                                \
                    _mm512_storeu_ps(t->dw + (c * 9 + k) * t->ld + 16 * v, acc[c][k][v]);                     \
    }

#define AVX2_WEIGHT(CB, SW)                                                                                   \
    __attribute__((target("avx2,fma"))) static void avx2_dw_##CB##_##SW(const weight_args *t) {              \
        __m256 acc[CB][9];                                                                                    \
        _Pragma("clang loop unroll(full)") for (int c = 0; c < CB; c++)                                       \
            _Pragma("clang loop unroll(full)") for (int k = 0; k < 9; k++) acc[c][k] =                        \
                _mm256_loadu_ps(t->dw + (c * 9 + k) * t->ld);                                                 \
        const long row = t->row, plane = t->plane;                                                            \
        const float *d = t->dt;                                                                               \
        for (long s = 0; s < t->samples; s++)                                                                 \
            for (long oy = 0; oy < t->oh; oy++) {                                                             \
                const float *x = t->xs + s * t->sample + oy * SW * row;                                       \
                for (long ox = 0; ox < t->ow; ox++, x += SW, d += t->ld) {                                    \
                    const __m256 g = _mm256_loadu_ps(d);                                                      \
                    _Pragma("clang loop unroll(full)") for (int c = 0; c < CB; c++)                           \
                        _Pragma("clang loop unroll(full)") for (int k = 0; k < 9; k++) acc[c][k] =            \
                            _mm256_fmadd_ps(_mm256_broadcast_ss(x + c * plane + (k / 3) * row + k % 3), g, acc[c][k]); \
                }                                                                                             \
            }                                                                                                 \
        _Pragma("clang loop unroll(full)") for (int c = 0; c < CB; c++)                                       \
            _Pragma("clang loop unroll(full)") for (int k = 0; k < 9; k++)                                    \
                _mm256_storeu_ps(t->dw + (c * 9 + k) * t->ld, acc[c][k]);                                     \
    }

AVX512_WEIGHT(1, 1, 1) AVX512_WEIGHT(1, 2, 1) AVX512_WEIGHT(1, 3, 1) AVX512_WEIGHT(2, 1, 1) AVX512_WEIGHT(3, 1, 1)
AVX512_WEIGHT(1, 1, 2) AVX512_WEIGHT(1, 2, 2) AVX512_WEIGHT(1, 3, 2) AVX512_WEIGHT(2, 1, 2) AVX512_WEIGHT(3, 1, 2)
AVX2_WEIGHT(1, 1) AVX2_WEIGHT(1, 2)

typedef void (*weight_fn)(const weight_args *);
// [stride − 1][V − 1] with CB = 1, and [stride − 1][CB − 1] with V = 1.
static const weight_fn avx512_weight_blocks[2][3] = {{avx512_dw_1_1_1, avx512_dw_1_2_1, avx512_dw_1_3_1},
                                                     {avx512_dw_1_1_2, avx512_dw_1_2_2, avx512_dw_1_3_2}};
static const weight_fn avx512_weight_channels[2][3] = {{avx512_dw_1_1_1, avx512_dw_2_1_1, avx512_dw_3_1_1},
                                                       {avx512_dw_1_1_2, avx512_dw_2_1_2, avx512_dw_3_1_2}};

int dl_conv_lanes_weight_supported(int kernel, const dl_conv_columns *g) {
    return dl_conv_lanes_supported(kernel, g) && g->kh == 3 && g->kw == 3;
}

// dy (samples, M, P) → dt (samples·P, LD): dt[s·P + q, o] = dy[s, o, q]; lanes o ≥ M are +0.
void dl_conv_lanes_transpose(int kernel, const float *dy, long m, long p, long samples, float *dt) {
    const long ld = dl_conv_lanes_weight_ld(kernel, m);
    for (long s = 0; s < samples; s++) {
        const float *from = dy + s * m * p;
        float *to = dt + s * p * ld;
        for (long q = 0; q < p; q++) {
            for (long o = 0; o < m; o++) to[q * ld + o] = from[o * p + q];
            for (long o = m; o < ld; o++) to[q * ld + o] = 0.0f;
        }
    }
}

void dl_conv_lanes_weight(int kernel, long m, const dl_conv_columns *g, long samples, const float *padded,
                          const float *dt, float *dwt) {
    const long L = lanes_of(kernel), ld = dl_conv_lanes_weight_ld(kernel, m), blocks = ld / L;
    const long HP = g->height + 2 * g->ph, WP = g->width + 2 * g->pw;
    const int stride = (int)g->sh;
    weight_args t = {.sample = g->channels * HP * WP, .row = WP, .plane = HP * WP, .oh = g->oh, .ow = g->ow,
                     .stride = stride, .samples = samples, .ld = ld};
    if (kernel == DL_GEMM_AVX512 && blocks == 1) {
        // One block: up to three channels per pass over the positions.
        for (long c = 0; c < g->channels; c += 3) {
            const long cb = g->channels - c < 3 ? g->channels - c : 3;
            t.xs = padded + c * HP * WP, t.dt = dt, t.dw = dwt + c * 9 * ld;
            avx512_weight_channels[stride - 1][cb - 1](&t);
        }
        return;
    }
    // AVX-512: the blocks in ⌈blocks/3⌉ groups as even as can be (4 as 2 + 2: a lone block is a
    // third of the tile, its loads no longer shared); AVX2 one block at a time.
    const long groups = kernel == DL_GEMM_AVX512 ? (blocks + 2) / 3 : blocks;
    for (long c = 0; c < g->channels; c++)
        for (long i = 0, b = 0; i < groups; i++) {
            const long v = blocks / groups + (i < blocks % groups ? 1 : 0);
            t.xs = padded + c * HP * WP, t.dt = dt + b * L, t.dw = dwt + c * 9 * ld + b * L;
            if (kernel == DL_GEMM_AVX512) avx512_weight_blocks[stride - 1][v - 1](&t);
            else (stride == 1 ? avx2_dw_1_1 : avx2_dw_1_2)(&t);
            b += v;
        }
}
