#ifndef HINDSIGHT_CSIMDJSON_H
#define HINDSIGHT_CSIMDJSON_H
/* Plain C interface to simdjson's DOM parser (Debian libsimdjson-dev 3.0.1). The only C++ in hindsight lives beside
 * this header. After a successful parse the caller reads simdjson's *tape* directly (format documented in
 * docs/json.md and simdjson's doc/tape.md): one call per document instead of one per element. */
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/** The simdjson version string this build links against. */
const char *hs_simdjson_version(void);

/** A reusable parser: keeps its buffers between documents, so steady-state parsing allocates nothing. */
typedef struct hs_json_parser hs_json_parser;

/** Creates a parser that rejects documents nested deeper than max_depth (arrays + objects). NULL on allocation failure. */
hs_json_parser *hs_json_parser_create(size_t max_depth);
void hs_json_parser_destroy(hs_json_parser *parser);

/** Parses data[0..<len]. The bytes are copied into an internal padded buffer (simdjson reads past the end), so the
 * caller's buffer needs no padding. Returns a simdjson error code (0 = success). On success *tape and *strings point
 * to the document's tape and string buffer, valid until the next parse or destroy. */
int hs_json_parse(hs_json_parser *parser, const uint8_t *data, size_t len, const uint64_t **tape,
                  const uint8_t **strings);

/** How many readable bytes hs_json_parse_padded needs after a document (simdjson's SIMDJSON_PADDING). */
size_t hs_json_padding(void);

/** Like hs_json_parse, but parses data[0..<len] where it lies, without the copy: data[len ..< len + hs_json_padding()]
 * must be readable memory of the same allocation. Their content does not matter: simdjson 3.0.1 documents for
 * dom::parser::parse(buf, len, false) that the padding "may be read" and "it does not matter what those bytes are
 * initialized to" (tests/HindsightJSONTests check root scalars, truncated atoms and strings followed by digits, quotes
 * and letters). */
int hs_json_parse_padded(hs_json_parser *parser, const uint8_t *data, size_t len, const uint64_t **tape,
                         const uint8_t **strings);

/** One pass over the object whose `{` word is tape[object_index]: for each of the n keys (key i is
 * key_bytes[key_offsets[i] ..< key_offsets[i + 1]]), out[i] receives the tape index of the value of the first member
 * with exactly that key, or -1 when absent. Returns 0, or -1 (out untouched) when tape[object_index] is not an object.
 * Pure C over the tape: no reference counting, no allocation (the Swift member iteration it replaces was the ingest
 * hot spot). The tape must be a complete simdjson tape (as returned by hs_json_parse). */
int hs_json_collect_members(const uint64_t *tape, const uint8_t *strings, size_t object_index,
                            const uint8_t *key_bytes, const uint32_t *key_offsets, size_t n, int32_t *out);

/** simdjson's message for an error code. */
const char *hs_json_error_message(int code);

/** The simdjson error_code values hindsight distinguishes. */
enum {
    HS_JSON_SUCCESS = 0,
    HS_JSON_CAPACITY = 1,
    HS_JSON_MEMALLOC = 2,
    HS_JSON_DEPTH_ERROR = 4,
    HS_JSON_UTF8_ERROR = 10,
    HS_JSON_EMPTY = 12,
};

#ifdef __cplusplus
}
#endif
#endif
