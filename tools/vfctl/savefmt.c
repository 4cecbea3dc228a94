// SPDX-License-Identifier: GPL-2.0
/*
 * The batch file "vfctl save" writes:
 *
 *   # vfmgr configuration written by "vfctl save": every PF vfmgr drives,
 *   # its number of VFs, their driver and the settings of each VF.
 *   # Apply it with "vfctl -batch FILE", or one PF's lines with
 *   # "vfctl restore PF FILE".
 *
 *   pf set 0000:01:00.0 numvfs 2 driver vfio-pci
 *   vf bind 0000:01:00.0 1 igbvf
 *   vf set 0000:01:00.0 0 mac 02:00:00:00:00:10 vlan 100 qos 0 spoofchk on ...
 *   vf set 0000:01:00.0 1 mac 00:00:00:00:00:00 vlan 0 qos 0 spoofchk on ...
 *
 * A blank line and one "pf set" line per PF, in address order, then a
 * "vf bind" line for each VF that vf-bind chose a driver for, then one
 * "vf set" line per VF in VF order with every setting, defaults included,
 * so that applying the file gives exactly the saved state whatever the
 * VFs had before. The "pf set" line creates the VFs, so it comes first;
 * binds come before settings, as a bind may reset the VF. Nothing in it
 * depends on when it was written: saving what a saved file applied gives
 * the same bytes.
 *
 * The exception to "every setting": a "pf set" line has a limit on what
 * VFs may ask ("vf_mbx_rate 50") only when it is not the module's
 * default, so files saved with the defaults did not change when the
 * limits came. Applied at boot, to a freshly bound port, the result is
 * the same; applied to a port whose limits were changed since, a limit
 * left out stays as it is.
 *
 * Each line is checked with the parser batch mode will use before it is
 * written: a setting this vfctl cannot express (a link state or driver of
 * a newer module) fails the save instead of writing a file that cannot be
 * applied.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "savefmt.h"
#include "vfset.h"

/* "vf set PF VF" and eight settings with their values. */
#define SAVE_MAX_WORDS	24
#define SAVE_WORD_LEN	32

struct words {
	int n;
	char *argv[SAVE_MAX_WORDS];
	char buf[SAVE_MAX_WORDS][SAVE_WORD_LEN];
};

static void add(struct words *w, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void add(struct words *w, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(w->buf[w->n], SAVE_WORD_LEN, fmt, ap);
	va_end(ap);
	w->argv[w->n] = w->buf[w->n];
	w->n++;
}

static void put_line(FILE *f, const struct words *w)
{
	int i;

	for (i = 0; i < w->n; i++)
		fprintf(f, "%s%s", i ? " " : "", w->argv[i]);
	fputc('\n', f);
}

/* Written as one word, so it must be an address batch mode will accept. */
static bool pci_ok(const char *pci)
{
	struct pci_addr addr;

	return !pci_addr_parse(pci, &addr);
}

void save_header(FILE *f)
{
	fputs("# vfmgr configuration written by \"vfctl save\": every PF vfmgr drives,\n"
	      "# its number of VFs, their driver and the settings of each VF.\n"
	      "# Apply it with \"vfctl -batch FILE\", or one PF's lines with\n"
	      "# \"vfctl restore PF FILE\".\n", f);
}

/*
 * A limit of "pf set", only when the kernel reported it and it is not the
 * module's default: files saved with the defaults stay as they were.
 */
static void add_limit(struct words *w, const struct pf_info *pf, int attr,
		      const char *keyword, uint32_t val, uint32_t dflt)
{
	if (!(pf->have & PF_HAVE(attr)) || val == dflt)
		return;
	add(w, "%s", keyword);
	add(w, "%u", val);
}

/*
 * "pf set PCI numvfs N driver D", without driver for a module that has
 * none, then each limit that is not the default.
 */
int save_pf_line(FILE *f, const struct pf_info *pf, char *why, size_t len)
{
	char parse_why[PF_SET_WHY_LEN];
	struct pf_set req;
	struct words w = { 0 };
	const char *name;

	if (!(pf->have & PF_HAVE(VFMGR_A_PF_PCI)) || !pci_ok(pf->pci))
		return fail_why(why, len, "the kernel named a PF \"%s\", not a PCI address",
				pf->pci);
	if (!(pf->have & PF_HAVE(VFMGR_A_PF_NUM_VFS)))
		return fail_why(why, len, "%s: the kernel did not report its number of VFs",
				pf->pci);
	add(&w, "pf");
	add(&w, "set");
	add(&w, "%s", pf->pci);
	add(&w, "numvfs");
	add(&w, "%u", pf->num_vfs);
	if (pf->have & PF_HAVE(VFMGR_A_PF_VF_DRIVER)) {
		name = vf_driver_name(pf->vf_driver);
		if (!name)
			return fail_why(why, len, "%s: VF driver %u is unknown to this vfctl",
					pf->pci, pf->vf_driver);
		add(&w, "driver");
		add(&w, "%s", name);
	}
	add_limit(&w, pf, VFMGR_A_PF_VF_VLAN_QUOTA, "vf_vlan_quota", pf->vf_vlan_quota,
		  PF_VF_VLAN_QUOTA_DEFAULT);
	add_limit(&w, pf, VFMGR_A_PF_VF_MAC_QUOTA, "vf_mac_quota", pf->vf_mac_quota,
		  PF_VF_MAC_QUOTA_DEFAULT);
	add_limit(&w, pf, VFMGR_A_PF_VF_MBX_RATE, "vf_mbx_rate", pf->vf_mbx_rate,
		  PF_VF_MBX_RATE_DEFAULT);
	if (pf_set_parse(w.n - 3, w.argv + 3, &req, parse_why, sizeof(parse_why)))
		return fail_why(why, len, "%s: %s", pf->pci, parse_why);
	put_line(f, &w);
	return 0;
}

static bool vf_has(const struct vf_info *vf, int attr)
{
	return vf->have & VF_HAVE(attr);
}

/* Whether vf's PF and index can be written as vfctl words; why if not. */
static bool vf_nameable(const struct vf_info *vf, char *why, size_t len)
{
	if (!pci_ok(vf->pf_pci)) {
		fail_why(why, len, "the kernel named a PF \"%s\", not a PCI address", vf->pf_pci);
		return false;
	}
	if (vf->id > VF_ID_MAX) {
		fail_why(why, len, "%s: VF %u is beyond what vfctl can name", vf->pf_pci, vf->id);
		return false;
	}
	return true;
}
/* "vf set PCI VF" and every setting the kernel reported, in a fixed order. */
int save_vf_line(FILE *f, const struct vf_info *vf, char *why, size_t len)
{
	char mac[MAC_STRLEN], parse_why[VF_SET_WHY_LEN];
	struct words w = { 0 };
	struct vf_set req;
	const char *state;

	if (!vf_nameable(vf, why, len))
		return -EINVAL;
	add(&w, "vf");
	add(&w, "set");
	add(&w, "%s", vf->pf_pci);
	add(&w, "%u", vf->id);
	if (vf_has(vf, VFMGR_A_VF_MAC)) {
		mac_format(vf->mac, mac);
		add(&w, "mac");
		add(&w, "%s", mac);
	}
	if (vf_has(vf, VFMGR_A_VF_VLAN)) {
		add(&w, "vlan");
		add(&w, "%u", vf->vlan);
	}
	if (vf_has(vf, VFMGR_A_VF_QOS)) {
		add(&w, "qos");
		add(&w, "%u", vf->qos);
	}
	if (vf_has(vf, VFMGR_A_VF_SPOOFCHK)) {
		add(&w, "spoofchk");
		add(&w, "%s", vf->spoofchk ? "on" : "off");
	}
	if (vf_has(vf, VFMGR_A_VF_TRUST)) {
		add(&w, "trust");
		add(&w, "%s", vf->trust ? "on" : "off");
	}
	if (vf_has(vf, VFMGR_A_VF_LINK_STATE)) {
		state = link_state_name(vf->link_state);
		if (!state)
			return fail_why(why, len, "%s VF %u: link state %u is unknown to this vfctl",
					vf->pf_pci, vf->id, vf->link_state);
		add(&w, "state");
		add(&w, "%s", state);
	}
	if (vf_has(vf, VFMGR_A_VF_MAX_TX_RATE)) {
		add(&w, "max_tx_rate");
		add(&w, "%u", vf->max_tx_rate);
	}
	if (vf_has(vf, VFMGR_A_VF_MAX_FRAME)) {
		add(&w, "max_frame");
		add(&w, "%u", vf->max_frame);
	}
	if (vf_set_parse(w.n - 4, w.argv + 4, &req, parse_why, sizeof(parse_why)))
		return fail_why(why, len, "%s VF %u: %s", vf->pf_pci, vf->id, parse_why);
	put_line(f, &w);
	return 0;
}

/* "vf bind PCI VF DRIVER" for a VF with a vf-bind choice, nothing without. */
int save_bind_line(FILE *f, const struct vf_info *vf, char *why, size_t len)
{
	struct words w = { 0 };
	const char *name;
	uint32_t drv;

	if (!vf_has(vf, VFMGR_A_VF_VF_DRIVER))
		return 0;
	if (!vf_nameable(vf, why, len))
		return -EINVAL;
	name = vf_driver_name(vf->vf_driver);
	if (!name || vf_driver_parse(name, &drv))
		return fail_why(why, len, "%s VF %u: VF driver %u is unknown to this vfctl",
				vf->pf_pci, vf->id, vf->vf_driver);
	add(&w, "vf");
	add(&w, "bind");
	add(&w, "%s", vf->pf_pci);
	add(&w, "%u", vf->id);
	add(&w, "%s", name);
	put_line(f, &w);
	return 0;
}

/*
 * The whole file: the header, then each PF and its VFs, both sorted here.
 * The VFs come from a dump apart from the PFs', so they must match: VFs 0
 * to numvfs - 1 of each PF, and no others. Returns 0; -EAGAIN when they do
 * not (something changed between the two dumps: read both again); -EINVAL
 * with why when something cannot be written as a batch line.
 */
int save_write(FILE *f, struct pf_info *pfs, size_t n_pfs, struct vf_info *vfs,
	       size_t n_vfs, char *why, size_t len)
{
	size_t i, j = 0, k;
	uint32_t id;
	int err;

	qsort(pfs, n_pfs, sizeof(*pfs), pf_info_cmp);
	qsort(vfs, n_vfs, sizeof(*vfs), vf_info_cmp);
	save_header(f);
	for (i = 0; i < n_pfs; i++) {
		fputc('\n', f);
		err = save_pf_line(f, &pfs[i], why, len);
		if (err)
			return err;
		/* The binds of this PF's VFs, checked below to be the right ones. */
		for (k = j; k < n_vfs && k - j < pfs[i].num_vfs; k++) {
			if (strcmp(vfs[k].pf_pci, pfs[i].pci))
				break;
			err = save_bind_line(f, &vfs[k], why, len);
			if (err)
				return err;
		}
		for (id = 0; id < pfs[i].num_vfs; id++, j++) {
			if (j == n_vfs || strcmp(vfs[j].pf_pci, pfs[i].pci) ||
			    vfs[j].id != id)
				return -EAGAIN;
			err = save_vf_line(f, &vfs[j], why, len);
			if (err)
				return err;
		}
	}
	return j == n_vfs ? 0 : -EAGAIN;
}
