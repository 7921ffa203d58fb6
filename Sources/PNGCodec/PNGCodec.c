#include "PNGCodec.h"

#include <png.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    char *message;
    size_t capacity;
} error_sink;

static void on_error(png_structp png, png_const_charp text) {
    error_sink *sink = (error_sink *)png_get_error_ptr(png);
    if (sink && sink->message && sink->capacity > 0) {
        strncpy(sink->message, text, sink->capacity - 1);
        sink->message[sink->capacity - 1] = '\0';
    }
    png_longjmp(png, 1);
}

// Warnings (e.g. a wrong CRC in an ancillary chunk) are not failures; stay silent.
static void on_warning(png_structp png, png_const_charp text) { (void)png; (void)text; }

static void report(char *message, size_t capacity, const char *text) {
    if (message && capacity > 0) {
        strncpy(message, text, capacity - 1);
        message[capacity - 1] = '\0';
    }
}

static void append_bytes(png_structp png, png_bytep data, size_t length) {
    dl_png_bytes *out = (dl_png_bytes *)png_get_io_ptr(png);
    if (out->count + length > out->capacity) {
        size_t capacity = out->capacity ? out->capacity : 4096;
        while (capacity < out->count + length) capacity *= 2;
        unsigned char *grown = realloc(out->bytes, capacity);
        if (!grown) png_error(png, "out of memory");
        out->bytes = grown;
        out->capacity = capacity;
    }
    memcpy(out->bytes + out->count, data, length);
    out->count += length;
}

static void flush_nothing(png_structp png) { (void)png; }

int dl_png_encode(const void *samples, uint32_t width, uint32_t height, int channels,
                  int bit_depth, uint32_t pixels_per_meter, dl_png_bytes *out,
                  char *message, size_t message_capacity) {
    static const int color_types[5] = {
        -1, PNG_COLOR_TYPE_GRAY, PNG_COLOR_TYPE_GRAY_ALPHA, PNG_COLOR_TYPE_RGB, PNG_COLOR_TYPE_RGBA};
    out->bytes = NULL;
    out->count = 0;
    out->capacity = 0;
    if (channels < 1 || channels > 4 || (bit_depth != 8 && bit_depth != 16)) {
        report(message, message_capacity, "unsupported channel count or bit depth");
        return 1;
    }
    if (width == 0 || height == 0) {
        report(message, message_capacity, "empty image");
        return 1;
    }
    error_sink sink = {message, message_capacity};
    png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, &sink, on_error, on_warning);
    if (!png) { report(message, message_capacity, "cannot create libpng writer"); return 1; }
    png_infop info = png_create_info_struct(png);
    png_bytep *volatile rows = NULL;
    if (!info || setjmp(png_jmpbuf(png))) {
        png_destroy_write_struct(&png, info ? &info : NULL);
        free((void *)rows);
        dl_png_bytes_free(out);
        if (!info) report(message, message_capacity, "cannot create libpng info");
        return 1;
    }
    png_set_write_fn(png, out, append_bytes, flush_nothing);
    png_set_IHDR(png, info, width, height, bit_depth, color_types[channels], PNG_INTERLACE_NONE,
                 PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
    if (pixels_per_meter > 0)
        png_set_pHYs(png, info, pixels_per_meter, pixels_per_meter, PNG_RESOLUTION_METER);
    png_write_info(png, info);
    // PNG stores 16-bit samples big-endian; callers hand us native-endian ones.
    if (bit_depth == 16) {
        uint16_t probe = 1;
        if (*(unsigned char *)&probe == 1) png_set_swap(png);
    }
    size_t row_bytes = (size_t)width * (size_t)channels * (size_t)(bit_depth / 8);
    rows = malloc(sizeof(png_bytep) * height);
    if (!rows) png_error(png, "out of memory");
    for (uint32_t y = 0; y < height; y++) rows[y] = (png_bytep)samples + (size_t)y * row_bytes;
    png_write_image(png, rows);
    png_write_end(png, NULL);
    free((void *)rows);
    png_destroy_write_struct(&png, &info);
    return 0;
}

void dl_png_bytes_free(dl_png_bytes *bytes) {
    free(bytes->bytes);
    bytes->bytes = NULL;
    bytes->count = 0;
    bytes->capacity = 0;
}

typedef struct {
    const unsigned char *data;
    size_t count;
    size_t offset;
} byte_source;

static void read_bytes(png_structp png, png_bytep data, size_t length) {
    byte_source *source = (byte_source *)png_get_io_ptr(png);
    if (source->offset + length > source->count) png_error(png, "truncated PNG data");
    memcpy(data, source->data + source->offset, length);
    source->offset += length;
}

int dl_png_decode(const unsigned char *data, size_t count, dl_png_image *out,
                  char *message, size_t message_capacity) {
    out->width = 0;
    out->height = 0;
    out->channels = 0;
    out->bit_depth = 0;
    out->samples = NULL;
    if (count < 8 || png_sig_cmp(data, 0, 8) != 0) {
        report(message, message_capacity, "not a PNG file (bad signature)");
        return 1;
    }
    error_sink sink = {message, message_capacity};
    png_structp png = png_create_read_struct(PNG_LIBPNG_VER_STRING, &sink, on_error, on_warning);
    if (!png) { report(message, message_capacity, "cannot create libpng reader"); return 1; }
    png_infop info = png_create_info_struct(png);
    png_bytep *volatile rows = NULL;
    if (!info || setjmp(png_jmpbuf(png))) {
        png_destroy_read_struct(&png, info ? &info : NULL, NULL);
        free((void *)rows);
        dl_png_image_free(out);
        if (!info) report(message, message_capacity, "cannot create libpng info");
        return 1;
    }
    byte_source source = {data, count, 0};
    png_set_read_fn(png, &source, read_bytes);
    png_read_info(png, info);
    int color_type = png_get_color_type(png, info);
    int depth = png_get_bit_depth(png, info);
    if (color_type == PNG_COLOR_TYPE_PALETTE) png_set_palette_to_rgb(png);
    if (color_type == PNG_COLOR_TYPE_GRAY && depth < 8) png_set_expand_gray_1_2_4_to_8(png);
    if (png_get_valid(png, info, PNG_INFO_tRNS)) png_set_tRNS_to_alpha(png);
    if (depth == 16) {
        uint16_t probe = 1;
        if (*(unsigned char *)&probe == 1) png_set_swap(png);
    }
    png_set_interlace_handling(png);
    png_read_update_info(png, info);
    out->width = png_get_image_width(png, info);
    out->height = png_get_image_height(png, info);
    out->channels = png_get_channels(png, info);
    out->bit_depth = png_get_bit_depth(png, info);
    size_t row_bytes = png_get_rowbytes(png, info);
    out->samples = malloc(row_bytes * out->height);
    rows = malloc(sizeof(png_bytep) * out->height);
    if (!out->samples || !rows) png_error(png, "out of memory");
    for (uint32_t y = 0; y < out->height; y++)
        rows[y] = (png_bytep)out->samples + (size_t)y * row_bytes;
    png_read_image(png, rows);
    png_read_end(png, NULL);
    free((void *)rows);
    png_destroy_read_struct(&png, &info, NULL);
    return 0;
}

void dl_png_image_free(dl_png_image *image) {
    free(image->samples);
    image->samples = NULL;
}
