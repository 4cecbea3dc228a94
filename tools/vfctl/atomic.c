// SPDX-License-Identifier: GPL-2.0
/*
 * Replacing a file whole: whoever reads it, a reboot included, finds the
 * old content or the new, never part of either.
 */
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "atomic.h"

static int write_all(int fd, const char *buf, size_t len)
{
	ssize_t n;

	while (len) {
		n = write(fd, buf, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -errno;
		buf += n;
		len -= (size_t)n;
	}
	return 0;
}

/* The new file is on disk, then its name: a crash leaves old or new. */
static void sync_dir(const char *file)
{
	char *copy = strdup(file);
	int fd;

	if (!copy)
		return;
	fd = open(dirname(copy), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd >= 0) {
		fsync(fd);
		close(fd);
	}
	free(copy);
}

/*
 * FILE.XXXXXX next to FILE, written and synced, then renamed over FILE;
 * created with the mode a shell redirection would give it. Returns 0 or a
 * negative errno, with nothing left behind.
 */
int file_write_atomic(const char *file, const char *buf, size_t len)
{
	size_t tmp_len = strlen(file) + sizeof(".XXXXXX");
	mode_t mask;
	char *tmp;
	int fd, err = 0;

	tmp = malloc(tmp_len);
	if (!tmp)
		return -ENOMEM;
	snprintf(tmp, tmp_len, "%s.XXXXXX", file);
	fd = mkstemp(tmp);
	if (fd < 0) {
		err = -errno;
		free(tmp);
		return err;
	}
	mask = umask(0);
	umask(mask);
	if (fchmod(fd, 0666 & ~mask))
		err = -errno;
	if (!err)
		err = write_all(fd, buf, len);
	if (!err && fsync(fd))
		err = -errno;
	if (close(fd) && !err)
		err = -errno;
	if (!err && rename(tmp, file))
		err = -errno;
	if (err)
		unlink(tmp);
	else
		sync_dir(file);
	free(tmp);
	return err;
}
