// SPDX-License-Identifier: GPL-2.0
/*
 * "vfctl save [FILE]": the configuration of every PF vfmgr drives and of
 * its VFs as a batch file (savefmt.c has the format), on stdout or in FILE.
 *
 * The whole file is put together in memory before anything is written, and
 * FILE is replaced by rename(): whoever reads it, a reboot included, finds
 * the old configuration or the new one, never part of one.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <linux/vfmgr.h>

#include "answer.h"
#include "atomic.h"
#include "family.h"
#include "genl.h"
#include "savefmt.h"
#include "vfctl.h"

/*
 * One dump into r (emptied first), retried while the kernel marks it
 * inconsistent; VFCTL_FAIL once it said why it failed.
 */
static int dump(struct vfctl_genl *g, uint8_t cmd, genl_reply_fn reply, void *r,
		size_t *n)
{
	struct nl_msg *msg;
	int err = 0, tries;

	for (tries = 0; tries < DUMP_TRIES; tries++) {
		*n = 0;
		msg = genl_msg_new(g->family, VFMGR_FAMILY_VERSION, cmd, NLM_F_DUMP);
		err = msg ? genl_request(g, msg, reply, r) : -ENOMEM;
		if (err != GENL_DUMP_INTR)
			break;
	}
	return answer(g, err, "save", NULL, 0);
}

/*
 * The file's text into *buf. The PFs and the VFs come from two dumps; if
 * they disagree, something changed in between and both are read again.
 */
static int save_text(char **buf, size_t *len)
{
	struct pf_replies pfs = { 0 };
	struct vf_replies vfs = { 0 };
	char why[SAVE_WHY_LEN];
	struct vfctl_genl *g;
	int ret, err = -EAGAIN, tries;
	FILE *f;

	ret = answer_family(&g, "save");
	if (ret)
		return ret;
	*buf = NULL;
	for (tries = 0; tries < DUMP_TRIES && err == -EAGAIN; tries++) {
		free(*buf);
		*buf = NULL;
		if (dump(g, VFMGR_CMD_PF_GET, pf_reply, &pfs, &pfs.n) ||
		    dump(g, VFMGR_CMD_VF_GET, vf_reply, &vfs, &vfs.n)) {
			ret = VFCTL_FAIL;
			goto out;
		}
		f = open_memstream(buf, len);
		if (!f) {
			vfctl_err("save: %s", strerror(errno));
			ret = VFCTL_FAIL;
			goto out;
		}
		err = save_write(f, pfs.pfs, pfs.n, vfs.vfs, vfs.n, why, sizeof(why));
		if (fclose(f) && !err)
			err = -errno;
	}
	if (err == -EAGAIN)
		vfctl_err("save: the configuration kept changing while it was read; try again");
	else if (err == -EINVAL)
		vfctl_err("save: %s; nothing written", why);
	else if (err)
		vfctl_err("save: %s", strerror(-err));
	ret = err ? VFCTL_FAIL : VFCTL_OK;
out:
	if (ret) {
		free(*buf);
		*buf = NULL;
	}
	free(pfs.pfs);
	free(vfs.vfs);
	return ret;
}

int save(int argc, char **argv)
{
	const char *file = argc ? argv[0] : "-";
	size_t len = 0;
	char *buf;
	int ret, err;

	ret = save_text(&buf, &len);
	if (ret)
		return ret;
	if (!strcmp(file, "-")) {
		/* main() checks that stdout took it all. */
		fwrite(buf, 1, len, stdout);
	} else {
		err = file_write_atomic(file, buf, len);
		if (err) {
			vfctl_err("save: cannot write %s: %s", file, strerror(-err));
			ret = VFCTL_FAIL;
		}
	}
	free(buf);
	return ret;
}
