// Packing for the vector kernels: pure data movement (loads, shuffles, stores; no arithmetic),
// so it cannot change a bit of the result. Built for AVX2, which every CPU running the AVX2 or
// AVX-512 kernels has.
#pragma STDC FP_CONTRACT OFF
#pragma clang fp contract(off)

#include "Kernels.h"

#include <immintrin.h>

#define AVX2 __attribute__((target("avx2")))

// Shape: a strip of `rows` rows (row r at src + r·stride, contiguous along p) becomes an
// interleaved panel dst[p·R + r], p < kc, with rows..R-1 zero. That is A (M, K) as stored into
// an MR-row panel, and B stored (N, K) into an NR-column panel: a transpose of (rows, kc).
// Full groups of 8 rows × 8 steps go through an 8×8 register transpose, groups of 4 through a
// 4×4 one, the rest one element at a time.
// Row r of the strip starts at src + r·stride, or with a table at src + offsets[r].
#define ROW(r) (offsets ? src + offsets[r] : src + (r) * stride)
static inline __attribute__((always_inline, target("avx2")))
void pack_transposing(int R, long rows, const float *restrict src, long stride, const long *offsets, long kc,
                      float *restrict dst) {
    long r0 = 0;
    for (; r0 + 8 <= rows; r0 += 8) {
        const float *s0 = ROW(r0 + 0), *s1 = ROW(r0 + 1), *s2 = ROW(r0 + 2), *s3 = ROW(r0 + 3);
        const float *s4 = ROW(r0 + 4), *s5 = ROW(r0 + 5), *s6 = ROW(r0 + 6), *s7 = ROW(r0 + 7);
        long p = 0;
        for (; p + 8 <= kc; p += 8) {
            __m256 x0 = _mm256_loadu_ps(s0 + p), x1 = _mm256_loadu_ps(s1 + p);
            __m256 x2 = _mm256_loadu_ps(s2 + p), x3 = _mm256_loadu_ps(s3 + p);
            __m256 x4 = _mm256_loadu_ps(s4 + p), x5 = _mm256_loadu_ps(s5 + p);
            __m256 x6 = _mm256_loadu_ps(s6 + p), x7 = _mm256_loadu_ps(s7 + p);
            __m256 t0 = _mm256_unpacklo_ps(x0, x1), t1 = _mm256_unpackhi_ps(x0, x1);
            __m256 t2 = _mm256_unpacklo_ps(x2, x3), t3 = _mm256_unpackhi_ps(x2, x3);
            __m256 t4 = _mm256_unpacklo_ps(x4, x5), t5 = _mm256_unpackhi_ps(x4, x5);
            __m256 t6 = _mm256_unpacklo_ps(x6, x7), t7 = _mm256_unpackhi_ps(x6, x7);
            __m256 u0 = _mm256_shuffle_ps(t0, t2, 0x44), u1 = _mm256_shuffle_ps(t0, t2, 0xEE);
            __m256 u2 = _mm256_shuffle_ps(t1, t3, 0x44), u3 = _mm256_shuffle_ps(t1, t3, 0xEE);
            __m256 u4 = _mm256_shuffle_ps(t4, t6, 0x44), u5 = _mm256_shuffle_ps(t4, t6, 0xEE);
            __m256 u6 = _mm256_shuffle_ps(t5, t7, 0x44), u7 = _mm256_shuffle_ps(t5, t7, 0xEE);
            float *d = dst + p * R + r0;
            _mm256_storeu_ps(d + 0 * R, _mm256_permute2f128_ps(u0, u4, 0x20));
            _mm256_storeu_ps(d + 1 * R, _mm256_permute2f128_ps(u1, u5, 0x20));
            _mm256_storeu_ps(d + 2 * R, _mm256_permute2f128_ps(u2, u6, 0x20));
            _mm256_storeu_ps(d + 3 * R, _mm256_permute2f128_ps(u3, u7, 0x20));
            _mm256_storeu_ps(d + 4 * R, _mm256_permute2f128_ps(u0, u4, 0x31));
            _mm256_storeu_ps(d + 5 * R, _mm256_permute2f128_ps(u1, u5, 0x31));
            _mm256_storeu_ps(d + 6 * R, _mm256_permute2f128_ps(u2, u6, 0x31));
            _mm256_storeu_ps(d + 7 * R, _mm256_permute2f128_ps(u3, u7, 0x31));
        }
        for (; p < kc; p++)
            for (int r = 0; r < 8; r++) dst[p * R + r0 + r] = ROW(r0 + r)[p];
    }
    for (; r0 + 4 <= rows; r0 += 4) {
        const float *s0 = ROW(r0 + 0), *s1 = ROW(r0 + 1), *s2 = ROW(r0 + 2), *s3 = ROW(r0 + 3);
        long p = 0;
        for (; p + 4 <= kc; p += 4) {
            __m128 x0 = _mm_loadu_ps(s0 + p), x1 = _mm_loadu_ps(s1 + p);
            __m128 x2 = _mm_loadu_ps(s2 + p), x3 = _mm_loadu_ps(s3 + p);
            _MM_TRANSPOSE4_PS(x0, x1, x2, x3);
            float *d = dst + p * R + r0;
            _mm_storeu_ps(d, x0);
            _mm_storeu_ps(d + R, x1);
            _mm_storeu_ps(d + 2 * R, x2);
            _mm_storeu_ps(d + 3 * R, x3);
        }
        for (; p < kc; p++)
            for (int r = 0; r < 4; r++) dst[p * R + r0 + r] = ROW(r0 + r)[p];
    }
    for (; r0 < rows; r0++)
        for (long p = 0; p < kc; p++) dst[p * R + r0] = ROW(r0)[p];
    if (rows < R)
        for (long p = 0; p < kc; p++)
            for (long r = rows; r < R; r++) dst[p * R + r] = 0.0f;
}
#undef ROW

AVX2 void dl_pack_transposing(int R, long rows, const float *restrict src, long stride, long kc,
                              float *restrict dst) {
    pack_transposing(R, rows, src, stride, NULL, kc, dst);
}

AVX2 void dl_pack_transposing_rows(int R, long rows, const float *restrict src, const long *offsets, long kc,
                                   float *restrict dst) {
    pack_transposing(R, rows, src, 0, offsets, kc, dst);
}

// Shape: `cols` contiguous floats at src + p·stride become dst[p·R + j], p < kc, with cols..R-1
// zero. That is B (K, N) as stored into an NR-column panel, and A stored (K, M) into an MR-row
// panel: a copy, 8 floats at a time.
AVX2 void dl_pack_copying(int R, long cols, const float *restrict src, long stride, long kc,
                          float *restrict dst) {
    if (cols == R && (R & 7) == 0) {
        for (long p = 0; p < kc; p++) {
            // The next panel's part of this row, into L2 for the next call: rows kilobytes apart
            // defeat the hardware prefetchers. (A prefetch past the matrix cannot fault.)
            for (int j = 0; j < R; j += 16) _mm_prefetch((const char *)(src + p * stride + R + j), _MM_HINT_T1);
            for (int j = 0; j < R; j += 8)
                _mm256_storeu_ps(dst + p * R + j, _mm256_loadu_ps(src + p * stride + j));
        }
        return;
    }
    for (long p = 0; p < kc; p++) {
        long j = 0;
        for (; j + 8 <= cols; j += 8) _mm256_storeu_ps(dst + p * R + j, _mm256_loadu_ps(src + p * stride + j));
        for (; j < cols; j++) dst[p * R + j] = src[p * stride + j];
        for (; j < R; j++) dst[p * R + j] = 0.0f;
    }
}

// Shape: as dl_pack_copying, with row p at src + rows[p] instead of src + p·stride.
AVX2 void dl_pack_row_table(int R, long cols, const float *restrict src, const long *rows, long kc,
                            float *restrict dst) {
    for (long p = 0; p < kc; p++) {
        const float *from = src + rows[p];
        float *to = dst + p * R;
        long j = 0;
        for (; j + 8 <= cols; j += 8) _mm256_storeu_ps(to + j, _mm256_loadu_ps(from + j));
        for (; j < cols; j++) to[j] = from[j];
        for (; j < R; j++) to[j] = 0.0f;
    }
}
