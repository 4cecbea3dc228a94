// SPDX-License-Identifier: GPL-2.0
/*
 * sysfs helpers for vfctl: build paths under the sysfs root, read and write
 * attributes, resolve links and list directories. All return 0 (or a count)
 * on success and a negative errno on failure; callers word the message.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sysfs.h"

const char *sysfs_root(void)
{
	const char *root = getenv("VFCTL_SYSFS");

	return root && *root ? root : "/sys";
}

/*
 * False whenever VFCTL_SYSFS is set: the tree may be a fake one the kernel
 * knows nothing of, so nothing may be done to the kernel on its behalf.
 */
bool sysfs_is_real(void)
{
	const char *root = getenv("VFCTL_SYSFS");

	return !root || !*root;
}

/* Formats a path relative to the sysfs root, e.g. "bus/pci/devices/%s". */
int sysfs_path(char *buf, size_t len, const char *fmt, ...)
{
	va_list ap;
	int root, n;

	root = snprintf(buf, len, "%s/", sysfs_root());
	if (root < 0 || (size_t)root >= len)
		return -ENAMETOOLONG;
	va_start(ap, fmt);
	n = vsnprintf(buf + root, len - (size_t)root, fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= len - (size_t)root)
		return -ENAMETOOLONG;
	return 0;
}

bool sysfs_exists(const char *path)
{
	struct stat st;

	return !stat(path, &st);
}

/* Reads up to len bytes of path: how many, or a negative errno. */
static ssize_t read_upto(const char *path, char *buf, size_t len)
{
	size_t total = 0;
	ssize_t n;
	int fd, err = 0;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	while (total < len) {
		n = read(fd, buf + total, len - total);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			err = -errno;
			break;
		}
		if (!n)
			break;
		total += (size_t)n;
	}
	close(fd);
	return err ? err : (ssize_t)total;
}

/* Reads a whole attribute and drops the trailing newline sysfs appends. */
int sysfs_read(const char *path, char *buf, size_t len)
{
	ssize_t total = read_upto(path, buf, len - 1);

	if (total < 0)
		return (int)total;
	while (total && (buf[total - 1] == '\n' || buf[total - 1] == ' '))
		total--;
	buf[total] = '\0';
	return 0;
}

/*
 * Reads up to len bytes of a binary attribute (a device's config space):
 * returns how many, which may be fewer than the file's size says (sysfs
 * gives non-root 64 bytes of config), or a negative errno.
 */
int sysfs_read_bin(const char *path, void *buf, size_t len)
{
	return (int)read_upto(path, buf, len);
}

/*
 * sysfs acts on the first write() of a store and the value must arrive in
 * one piece, so this is a single write; a short one is reported as -EIO
 * rather than retried with the tail, which the kernel would misparse.
 */
int sysfs_write(const char *path, const char *val)
{
	size_t len = strlen(val);
	ssize_t n;
	int fd, err = 0;

	fd = open(path, O_WRONLY | O_TRUNC | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	do {
		n = write(fd, val, len);
	} while (n < 0 && errno == EINTR);
	if (n < 0)
		err = -errno;
	else if ((size_t)n != len)
		err = -EIO;
	if (close(fd) && !err)
		err = -errno;
	return err;
}

/* Last component of a symlink's target: the driver, device or group name. */
int sysfs_link_name(const char *path, char *buf, size_t len)
{
	char target[PATH_MAX];
	const char *base;
	ssize_t n;

	n = readlink(path, target, sizeof(target) - 1);
	if (n < 0)
		return -errno;
	target[n] = '\0';
	base = strrchr(target, '/');
	base = base ? base + 1 : target;
	if (!*base)
		return -EINVAL;
	if (strlen(base) >= len)
		return -ENAMETOOLONG;
	strcpy(buf, base);
	return 0;
}

static int no_dots(const struct dirent *e)
{
	return strcmp(e->d_name, ".") && strcmp(e->d_name, "..");
}

/* Sorted, so listings come out in the same order on every run. */
int sysfs_list(const char *path, struct dirent ***ents)
{
	int n = scandir(path, ents, no_dots, alphasort);

	return n < 0 ? -errno : n;
}

void sysfs_list_free(struct dirent **ents, int n)
{
	int i;

	for (i = 0; i < n; i++)
		free(ents[i]);
	free(ents);
}
