# SPDX-License-Identifier: MIT
# Unit tests of the hand-written fast paths (URI encoding, ISO 8601, date
# formatting, HMAC) that the benchmark work put in place of library calls.
check_PROGRAMS += tests/unit/test_perf_paths
tests_unit_test_perf_paths_SOURCES = tests/unit/test_perf_paths.c
tests_unit_test_perf_paths_CPPFLAGS = $(UNITCPPFLAGS)
tests_unit_test_perf_paths_LDADD = $(UNITLIBS)
UNIT_TESTS += tests/unit/test_perf_paths

# The request path's bump allocator and the RFC 1123 date fast path.
check_PROGRAMS += tests/unit/test_arena
tests_unit_test_arena_SOURCES = tests/unit/test_arena.c
tests_unit_test_arena_CPPFLAGS = $(UNITCPPFLAGS)
tests_unit_test_arena_LDADD = $(UNITLIBS)
UNIT_TESTS += tests/unit/test_arena

# The spare blocks a list page's result gives back for the next page.
check_PROGRAMS += tests/unit/test_spare
tests_unit_test_spare_SOURCES = tests/unit/test_spare.c \
	tests/unit/run_parser.c
tests_unit_test_spare_CPPFLAGS = $(UNITCPPFLAGS)
tests_unit_test_spare_LDADD = $(UNITLIBS)
UNIT_TESTS += tests/unit/test_spare
