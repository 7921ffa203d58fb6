// A convolution's column matrix read where it is needed (implicit im2col): the GEMM packs its
// B panels straight from the NCHW input instead of from a stored (R, N·P) matrix. Pure data
// movement — every element is the float im2col would have stored (+0 for padding) — so the
// products have the bits of im2col followed by dl_gemm.
//
// Legend (as in Tensors/Im2col.swift): C input channels, H, W input height and width, KH, KW
// kernel, SH, SW stride, PH, PW padding, OH, OW output, P = OH·OW; row r = (c, ki, kj) of
// R = C·KH·KW, column q = (s, oy, ox) of the chunk's n·P.
#pragma STDC FP_CONTRACT OFF
#pragma clang fp contract(off)

#include "GEMMKernels.h"
#include "Kernels.h"

#include <immintrin.h>
#include <string.h>

// dst[p·R + j] = col(r0 + p, q0 + j) for p < kc, j < cols, and +0 for j in cols ..< R.
// Along a row of the panel, q runs through output rows (s, oy) of OW columns each; one output
// row reads input row iy = oy·SH − PH + ki of channel c at ix = ox·SW − PW + kj, +0 outside.
static inline __attribute__((always_inline))
void pack_conv(int R, const dl_conv_columns *g, long r0, long kc, long q0, long cols,
               float *restrict dst) {
    const long taps = g->kh * g->kw, plane = g->oh * g->ow, hw = g->height * g->width;
    long c = r0 / taps, ki = r0 % taps / g->kw, kj = r0 % g->kw;
    const long s0 = q0 / plane, oy0 = q0 % plane / g->ow, ox0 = q0 % g->ow;
    for (long p = 0; p < kc; p++) {
        float *restrict d = dst + p * R;
        const float *channel = g->x + c * hw;
        long s = s0, oy = oy0, ox = ox0;
        for (long j = 0; j < cols;) {
            const long run = cols - j < g->ow - ox ? cols - j : g->ow - ox;  // the rest of output row (s, oy)
            const long iy = oy * g->sh - g->ph + ki;
            float *restrict to = d + j;
            if (iy < 0 || iy >= g->height) {
                for (long t = 0; t < run; t++) to[t] = 0.0f;
            } else {
                const float *row = channel + s * g->sample_stride + iy * g->width;
                const long ix0 = ox * g->sw - g->pw + kj;
                if (g->sw == 1) {
                    // Zeros left of the input, a copy, zeros right of it.
                    long lo = ix0 < 0 ? -ix0 : 0, hi = g->width - ix0;
                    if (lo > run) lo = run;
                    if (hi > run) hi = run;
                    if (hi < lo) hi = lo;
                    long t = 0;
                    for (; t < lo; t++) to[t] = 0.0f;
                    for (; t < hi; t++) to[t] = row[ix0 + t];
                    for (; t < run; t++) to[t] = 0.0f;
                } else {
                    for (long t = 0; t < run; t++) {
                        const long ix = ix0 + t * g->sw;
                        to[t] = ix >= 0 && ix < g->width ? row[ix] : 0.0f;
                    }
                }
            }
            j += run, ox = 0;
            if (++oy == g->oh) oy = 0, s++;
        }
        for (long j = cols; j < R; j++) d[j] = 0.0f;
        if (++kj == g->kw) {
            kj = 0;
            if (++ki == g->kh) ki = 0, c++;
        }
    }
}

// Lanes whose index vector `ix` falls inside 0 ..< limit.
static inline __attribute__((always_inline, target("avx2"))) __m256i within_lanes(__m256i ix, __m256i limit) {
    return _mm256_and_si256(_mm256_cmpgt_epi32(ix, _mm256_set1_epi32(-1)), _mm256_cmpgt_epi32(limit, ix));
}

// Lanes k of a row read at `at` + k that fall inside 0 ..< width.
static inline __attribute__((always_inline, target("avx2"))) __m256i within(long at, __m256i width) {
    return within_lanes(_mm256_add_epi32(_mm256_set1_epi32((int)at), _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7)), width);
}

// The vector build: each output row's run is read 8 lanes at a time with masked loads (lanes
// left of the input, right of it or past the run load +0 and touch no memory), so there is no
// branch per element; strided runs gather instead. Stores are whole vectors while they fit in
// the panel row (lanes past the run are overwritten by the next run or the zero tail); only a
// vector crossing the row's end is a masked store, which is slow on AMD cores.
__attribute__((target("avx2")))
void dl_pack_conv(int R, const dl_conv_columns *g, long r0, long kc, long q0, long cols, float *dst) {
    const long taps = g->kh * g->kw, plane = g->oh * g->ow, hw = g->height * g->width;
    long c = r0 / taps, ki = r0 % taps / g->kw, kj = r0 % g->kw;
    const long s0 = q0 / plane, oy0 = q0 % plane / g->ow, ox0 = q0 % g->ow;
    const __m256i lane = _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7);
    const __m256i width = _mm256_set1_epi32((int)g->width), minus1 = _mm256_set1_epi32(-1);
    const __m256i step = _mm256_mullo_epi32(lane, _mm256_set1_epi32((int)g->sw));
    const __m256 zero = _mm256_setzero_ps();
    // Short rows (OW = W ∈ {1, 2, 4, 8}, stride 1): eight lanes cover 8/OW whole output rows,
    // and lane l of rows oy… reads input float (oy − PH + ki)·W + kj − PW + l — one masked load,
    // lanes outside the input +0 — instead of one masked load per row of 4 or 2 floats.
    const int short_rows = g->sw == 1 && g->sh == 1 && g->ow == g->width && 8 % g->ow == 0;
    const long rows_per_vector = short_rows ? 8 / g->ow : 0;
    __m256i lane_x = lane, lane_y = _mm256_setzero_si256();  // each lane's (ox, oy − oy of lane 0)
    if (short_rows) {
        lane_x = _mm256_and_si256(lane, _mm256_set1_epi32((int)g->ow - 1));
        lane_y = _mm256_srli_epi32(lane, __builtin_ctzl((unsigned long)g->ow));
    }
    const __m256i height = _mm256_set1_epi32((int)g->height);
    for (long p = 0; p < kc; p++) {
        float *d = dst + p * R;
        const float *channel = g->x + c * hw;
        long s = s0, oy = oy0, ox = ox0;
        // Lanes whose column ox + kj − PW falls inside the input: the same for every vector.
        const __m256i x_inside = short_rows ? within_lanes(_mm256_add_epi32(lane_x, _mm256_set1_epi32((int)(kj - g->pw))), width)
                                            : _mm256_setzero_si256();
        for (long j = 0; j < cols;) {
            if (short_rows && ox == 0 && cols - j >= 8 && oy + rows_per_vector <= g->oh) {
                const long iy = oy - g->ph + ki;  // the input row of lane 0
                const __m256i y_inside = within_lanes(_mm256_add_epi32(lane_y, _mm256_set1_epi32((int)iy)), height);
                const __m256i inside = _mm256_and_si256(x_inside, y_inside);
                const float *from = channel + s * g->sample_stride + iy * g->width + kj - g->pw;
                _mm256_storeu_ps(d + j, _mm256_maskload_ps(from, inside));
                j += 8;
                if ((oy += rows_per_vector) == g->oh) oy = 0, s++;
                continue;
            }
            const long run = cols - j < g->ow - ox ? cols - j : g->ow - ox;  // the rest of output row (s, oy)
            const long iy = oy * g->sh - g->ph + ki;
            float *to = d + j;
            const int inside = iy >= 0 && iy < g->height;
            const float *row = channel + s * g->sample_stride + iy * g->width;
            const long ix0 = ox * g->sw - g->pw + kj;
            for (long t = 0; t < run; t += 8) {
                const long at = ix0 + t * g->sw;  // lane k reads row[at + k·SW]
                __m256 v = zero;
                if (inside) {
                    if (g->sw == 1) {
                        v = at >= 0 && at + 8 <= g->width ? _mm256_loadu_ps(row + at)
                                                          : _mm256_maskload_ps(row + at, within(at, width));
                    } else if (g->sw == 2) {
                        // The even floats of 16 from `at`, loaded in two vectors and de-interleaved:
                        // [l0 l2 h0 h2 | l4 l6 h4 h6] → [l0 l2 l4 l6 h0 h2 h4 h6].
                        __m256 lo, hi;
                        if (at >= 0 && at + 16 <= g->width) {
                            lo = _mm256_loadu_ps(row + at), hi = _mm256_loadu_ps(row + at + 8);
                        } else {
                            lo = _mm256_maskload_ps(row + at, within(at, width));
                            hi = _mm256_maskload_ps(row + at + 8, within(at + 8, width));
                        }
                        v = _mm256_castpd_ps(
                            _mm256_permute4x64_pd(_mm256_castps_pd(_mm256_shuffle_ps(lo, hi, 0x88)), 0xD8));
                    } else {
                        const __m256i ix = _mm256_add_epi32(_mm256_set1_epi32((int)at), step);
                        const __m256i valid = _mm256_and_si256(_mm256_cmpgt_epi32(ix, minus1), _mm256_cmpgt_epi32(width, ix));
                        v = _mm256_mask_i32gather_ps(zero, row, ix, _mm256_castsi256_ps(valid), 4);
                    }
                }
                if (j + t + 8 <= R)
                    _mm256_storeu_ps(to + t, v);
                else
                    _mm256_maskstore_ps(to + t, _mm256_cmpgt_epi32(_mm256_set1_epi32((int)(run - t)), lane), v);
            }
            j += run, ox = 0;
            if (++oy == g->oh) oy = 0, s++;
        }
        for (long j = cols; j < R; j++) d[j] = 0.0f;
        if (++kj == g->kw) {
            kj = 0;
            if (++ki == g->kh) ki = 0, c++;
        }
    }
}

// For the portable kernel, which must run on any x86-64 CPU: the scalar loops (copies only,
// so the same bits as the vector build).
void dl_pack_conv_generic(int R, const dl_conv_columns *g, long r0, long kc, long q0, long cols,
                          float *dst) {
    pack_conv(R, g, r0, kc, q0, cols, dst);
}
