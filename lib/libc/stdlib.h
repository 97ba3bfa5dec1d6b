/*
 * <stdlib.h> for code built into Tarn (libfdt's headers ask for it). Only
 * strtoul exists; it lives in lib/string.c.
 */
#include "lib/string.h"
