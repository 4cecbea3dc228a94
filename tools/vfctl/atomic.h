/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Writing a file so that it is replaced whole or not at all ("vfctl save").
 */
#ifndef VFCTL_ATOMIC_H
#define VFCTL_ATOMIC_H

#include <stddef.h>

int file_write_atomic(const char *file, const char *buf, size_t len);

#endif /* VFCTL_ATOMIC_H */
