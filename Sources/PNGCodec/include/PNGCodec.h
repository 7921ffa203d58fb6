#ifndef DRIFTLAB_PNG_CODEC_H
#define DRIFTLAB_PNG_CODEC_H

#include <stddef.h>
#include <stdint.h>

// libpng reports errors by longjmp, which Swift cannot catch; these two C functions own the
// setjmp so a corrupt file becomes a return code and a message instead of an abort.

/// Bytes allocated by dl_png_encode; release with dl_png_bytes_free.
typedef struct {
    unsigned char *bytes;
    size_t count;
    size_t capacity;
} dl_png_bytes;

/// A decoded image: `samples` holds width × height × channels values, uint8_t when bit_depth
/// is 8 and native-endian uint16_t when it is 16. Release with dl_png_image_free.
typedef struct {
    uint32_t width;
    uint32_t height;
    int channels;
    int bit_depth;
    void *samples;
} dl_png_image;

/// Encodes row-major samples (channels 1 = gray, 2 = gray+alpha, 3 = RGB, 4 = RGBA; bit depth
/// 8 or 16, 16-bit samples native-endian). pixels_per_meter > 0 writes a pHYs chunk. No tIME
/// or text chunks are written, so equal input gives equal bytes. Returns 0 on success.
int dl_png_encode(const void *samples, uint32_t width, uint32_t height, int channels,
                  int bit_depth, uint32_t pixels_per_meter, dl_png_bytes *out,
                  char *message, size_t message_capacity);

void dl_png_bytes_free(dl_png_bytes *bytes);

/// Decodes any PNG to 8- or 16-bit samples: palettes become RGB, gray below 8 bits becomes
/// 8-bit, a tRNS chunk becomes an alpha channel; 16-bit samples stay exact. Returns 0 on success.
int dl_png_decode(const unsigned char *data, size_t count, dl_png_image *out,
                  char *message, size_t message_capacity);

void dl_png_image_free(dl_png_image *image);

#endif
