#include "CSimdjson.h"
#include <simdjson.h>

#include <cstring>
#include <memory>
#include <new>

#define HS_STR2(x) #x
#define HS_STR(x) HS_STR2(x)

extern "C" const char *hs_simdjson_version(void) { return HS_STR(SIMDJSON_VERSION); }

struct hs_json_parser {
    simdjson::dom::parser parser;
    // Our own padded copy of the input: simdjson's realloc_if_needed path would allocate on every call.
    std::unique_ptr<uint8_t[]> buffer;
    size_t capacity = 0;
};

static_assert(simdjson::SUCCESS == HS_JSON_SUCCESS, "error code mapping");
static_assert(simdjson::CAPACITY == HS_JSON_CAPACITY, "error code mapping");
static_assert(simdjson::MEMALLOC == HS_JSON_MEMALLOC, "error code mapping");
static_assert(simdjson::DEPTH_ERROR == HS_JSON_DEPTH_ERROR, "error code mapping");
static_assert(simdjson::UTF8_ERROR == HS_JSON_UTF8_ERROR, "error code mapping");
static_assert(simdjson::EMPTY == HS_JSON_EMPTY, "error code mapping");

extern "C" hs_json_parser *hs_json_parser_create(size_t max_depth) {
    auto *p = new (std::nothrow) hs_json_parser();
    if (p == nullptr) { return nullptr; }
    if (p->parser.allocate(4096, max_depth) != simdjson::SUCCESS) {
        delete p;
        return nullptr;
    }
    return p;
}

extern "C" void hs_json_parser_destroy(hs_json_parser *parser) { delete parser; }

extern "C" int hs_json_parse(hs_json_parser *p, const uint8_t *data, size_t len, const uint64_t **tape,
                             const uint8_t **strings) {
    if (len + simdjson::SIMDJSON_PADDING > p->capacity) {
        size_t wanted = len + simdjson::SIMDJSON_PADDING;
        size_t grown = p->capacity * 2;
        size_t capacity = grown > wanted ? grown : wanted;
        std::unique_ptr<uint8_t[]> fresh(new (std::nothrow) uint8_t[capacity]);
        if (!fresh) { return simdjson::MEMALLOC; }
        p->buffer = std::move(fresh);
        p->capacity = capacity;
    }
    if (len > 0) { std::memcpy(p->buffer.get(), data, len); }
    std::memset(p->buffer.get() + len, 0, simdjson::SIMDJSON_PADDING);
    simdjson::dom::element root;
    auto error = p->parser.parse(p->buffer.get(), len, false).get(root);
    if (error != simdjson::SUCCESS) { return int(error); }
    *tape = p->parser.doc.tape.get();
    *strings = p->parser.doc.string_buf.get();
    return 0;
}

extern "C" size_t hs_json_padding(void) { return simdjson::SIMDJSON_PADDING; }

extern "C" int hs_json_parse_padded(hs_json_parser *p, const uint8_t *data, size_t len, const uint64_t **tape,
                                    const uint8_t **strings) {
    simdjson::dom::element root;
    auto error = p->parser.parse(data, len, false).get(root);
    if (error != simdjson::SUCCESS) { return int(error); }
    *tape = p->parser.doc.tape.get();
    *strings = p->parser.doc.string_buf.get();
    return 0;
}

extern "C" int hs_json_collect_members(const uint64_t *tape, const uint8_t *strings, size_t object_index,
                                       const uint8_t *key_bytes, const uint32_t *key_offsets, size_t n,
                                       int32_t *out) {
    const uint64_t w = tape[object_index];
    if ((w >> 56) != uint64_t('{')) { return -1; }
    for (size_t k = 0; k < n; k++) { out[k] = -1; }
    const size_t end = size_t(uint32_t(w)) - 1;  // the matching '}'
    size_t remaining = n;
    size_t i = object_index + 1;
    while (i < end && remaining > 0) {
        const uint64_t offset = tape[i] & 0x00FFFFFFFFFFFFFFull;
        uint32_t length;
        std::memcpy(&length, strings + offset, sizeof length);  // little-endian on every supported target
        const uint8_t *name = strings + offset + 4;
        const size_t value = i + 1;
        for (size_t k = 0; k < n; k++) {
            const uint32_t start = key_offsets[k];
            if (key_offsets[k + 1] - start != length || out[k] >= 0) { continue; }
            if (length == 0 || std::memcmp(key_bytes + start, name, length) == 0) {
                out[k] = int32_t(value);
                remaining--;
                break;
            }
        }
        const uint64_t v = tape[value];
        switch (uint8_t(v >> 56)) {
        case '{':
        case '[': i = size_t(uint32_t(v)); break;
        case 'l':
        case 'u':
        case 'd': i = value + 2; break;
        default: i = value + 1; break;
        }
    }
    return 0;
}

extern "C" const char *hs_json_error_message(int code) {
    if (code < 0 || code >= int(simdjson::NUM_ERROR_CODES)) { return "unknown simdjson error"; }
    return simdjson::error_message(simdjson::error_code(code));
}
