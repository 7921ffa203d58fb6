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

// Built twice: with AVX2 for the vector kernels' packing, and for any x86-64 CPU for the
// portable kernel, which must run where AVX2 does not. Copies only, so the bits agree.
__attribute__((target("avx2")))
void dl_pack_conv(int R, const dl_conv_columns *g, long r0, long kc, long q0, long cols, float *dst) {
    pack_conv(R, g, r0, kc, q0, cols, dst);
}

void dl_pack_conv_generic(int R, const dl_conv_columns *g, long r0, long kc, long q0, long cols,
                          float *dst) {
    pack_conv(R, g, r0, kc, q0, cols, dst);
}
