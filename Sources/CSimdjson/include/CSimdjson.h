#ifndef HINDSIGHT_CSIMDJSON_H
#define HINDSIGHT_CSIMDJSON_H
/* Plain C interface to simdjson (Debian libsimdjson-dev). The only C++ in hindsight lives beside this header. */
#ifdef __cplusplus
extern "C" {
#endif

/** The simdjson version string this build links against. */
const char *hs_simdjson_version(void);

#ifdef __cplusplus
}
#endif
#endif
