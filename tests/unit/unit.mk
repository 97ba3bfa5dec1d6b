# Host unit tests (cmocka). Each test NAME is tests/unit/test_NAME.c linked with
# tests/unit/support.c and the Tarn sources listed in UNIT_SRCS_NAME; the
# top-level Makefile builds and runs them all with `make unit`.

UNIT_TESTS += buddy
UNIT_SRCS_buddy := mm/buddy.c
