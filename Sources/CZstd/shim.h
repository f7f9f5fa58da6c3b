#ifndef HINDSIGHT_CZSTD_SHIM_H
#define HINDSIGHT_CZSTD_SHIM_H
#include <zstd.h>
#endif
