# SPDX-License-Identifier: MIT
# signing/: owned by the signing work.
noinst_HEADERS += signing/internal.h
