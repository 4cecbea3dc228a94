// SPDX-License-Identifier: GPL-2.0
/*
 * Between genl.c, which only carries requests and answers, and report.c,
 * which only prints: what a command needs to say about an answer that
 * neither has. A refusal about one VF names the VF in its extended ACK
 * cookie (a u32 index, host byte order); when that VF is held through
 * VFIO, /proc tells who holds it, which the kernel cannot say.
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "answer.h"
#include "genl.h"
#include "holder.h"
#include "report.h"
#include "vfctl.h"

/*
 * The processes holding the VF an EBUSY refusal names in its cookie, as
 * holder_text() writes them, into buf; false when the refusal names no VF,
 * the request named no PF or nobody visible holds the VF.
 */
static bool vf_holders(const struct vfctl_ext_ack *ext, int err, char *buf,
		       size_t len)
{
	struct holder *h;
	uint32_t vf;
	size_t n;

	if (err != -EBUSY || ext->error != err || !ext->pf[0] ||
	    ext->cookie_len != sizeof(vf))
		return false;
	memcpy(&vf, ext->cookie, sizeof(vf));
	if (holder_find_pf_vf(ext->pf, vf, &h, &n) || !n) {
		free(h);
		return false;
	}
	holder_text(buf, len, h, n);
	free(h);
	return true;
}

/* Says why request @what failed with @err (see report_kernel_error()). */
void answer_perror(const struct vfctl_genl *g, int err, const char *what,
		   const char *const *names, size_t n_names)
{
	char held[512];

	report_kernel_error(&g->ext, err, what, names, n_names,
			    vf_holders(&g->ext, err, held, sizeof(held)) ? held : NULL);
}

/*
 * The end of a request: on success the kernel's warning, if it gave one,
 * and VFCTL_OK; on failure why, and VFCTL_FAIL.
 */
int answer(const struct vfctl_genl *g, int err, const char *what,
	   const char *const *names, size_t n_names)
{
	if (!err) {
		report_kernel_warning(&g->ext);
		return VFCTL_OK;
	}
	answer_perror(g, err, what, names, n_names);
	return VFCTL_FAIL;
}

/* genl_shared() for a command that cannot work without the family. */
int answer_family(struct vfctl_genl **g, const char *what)
{
	int err = genl_shared(g);

	if (err == -ENOENT)
		vfctl_err("vfmgr module not loaded (no \"%s\" generic netlink family)",
			  VFCTL_GENL_FAMILY);
	else if (err)
		vfctl_err("%s: cannot reach the %s generic netlink family: %s", what,
			  VFCTL_GENL_FAMILY, strerror(-err));
	return err ? VFCTL_FAIL : VFCTL_OK;
}
