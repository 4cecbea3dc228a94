/* SPDX-License-Identifier: GPL-2.0 */
/*
 * sysfs access for vfctl. Every path is built under one root, /sys or
 * $VFCTL_SYSFS, so the tests can point the tool at a fake tree.
 */
#ifndef VFCTL_SYSFS_H
#define VFCTL_SYSFS_H

#include <dirent.h>
#include <stdbool.h>
#include <stddef.h>

const char *sysfs_root(void);
bool sysfs_is_real(void);

int sysfs_path(char *buf, size_t len, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
bool sysfs_exists(const char *path);
int sysfs_read(const char *path, char *buf, size_t len);
int sysfs_read_bin(const char *path, void *buf, size_t len);
int sysfs_write(const char *path, const char *val);
int sysfs_link_name(const char *path, char *buf, size_t len);
int sysfs_list(const char *path, struct dirent ***ents);
void sysfs_list_free(struct dirent **ents, int n);

#endif /* VFCTL_SYSFS_H */
