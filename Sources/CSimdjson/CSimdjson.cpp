#include "CSimdjson.h"
#include <simdjson.h>

#define HS_STR2(x) #x
#define HS_STR(x) HS_STR2(x)

extern "C" const char *hs_simdjson_version(void) { return HS_STR(SIMDJSON_VERSION); }
