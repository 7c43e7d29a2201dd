# SPDX-License-Identifier: MIT
# aws/config: the AWS INI dialect and configuration/credentials resolution.
libcboto_core_la_SOURCES += aws/ini.c aws/config.c

check_PROGRAMS += tests/unit/test_config
tests_unit_test_config_SOURCES = tests/unit/test_config.c
tests_unit_test_config_CPPFLAGS = $(UNITCPPFLAGS)
tests_unit_test_config_LDADD = $(UNITLIBS)
UNIT_TESTS += tests/unit/test_config

EXTRA_DIST += \
	tests/data/config/credentials \
	tests/data/config/config \
	tests/data/config/home/.aws/credentials \
	tests/data/config/home/.aws/config \
	tests/data/config/bad-no-section.ini \
	tests/data/config/bad-no-equals.ini \
	tests/data/config/bad-unterminated.ini \
	tests/data/config/bad-empty-section.ini \
	tests/data/config/bad-nested.ini \
	tests/data/config/bad-partial.ini \
	tests/data/config/crlf-bom.ini
