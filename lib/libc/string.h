/*
 * <string.h> for code built into Tarn (libfdt's headers ask for it): Tarn has
 * no C library, so this forwards to its own routines.
 */
#include "lib/string.h"
