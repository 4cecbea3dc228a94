// SPDX-License-Identifier: GPL-2.0
/*
 * "vfctl vf": the VFs each PF has enabled, as sysfs links them (virtfnN):
 * their addresses, drivers, network interfaces and IOMMU groups, which is
 * what an admin checks before handing a VF to a guest.
 */
#include <limits.h>
#include <stdio.h>

#include "json.h"
#include "pci.h"
#include "vfctl.h"

struct vf_list_ctx {
	struct json_writer *jw;
	bool header_done;
};

static void vf_print(struct vf_list_ctx *ctx, const struct pci_dev_info *pf,
		     int index, const struct pci_dev_info *vf)
{
	char netdev[128], group[16] = "-";

	if (ctx->jw) {
		json_object_begin(ctx->jw);
		json_kv_string(ctx->jw, "pf", pf->addr);
		json_kv_uint(ctx->jw, "vf", (unsigned int)index);
		json_kv_string(ctx->jw, "pci", vf->addr);
		pci_json_driver_netdev(ctx->jw, vf);
		pci_json_count(ctx->jw, "iommu_group", vf->iommu_group);
		json_object_end(ctx->jw);
		return;
	}

	if (!ctx->header_done) {
		printf("%-12s  %-3s  %-12s  %-10s  %-16s  %s\n", "PF", "VF", "PCI",
		       "DRIVER", "NETDEV", "IOMMU");
		ctx->header_done = true;
	}
	pci_netdev_text(vf, netdev, sizeof(netdev));
	if (vf->iommu_group >= 0)
		snprintf(group, sizeof(group), "%d", vf->iommu_group);
	printf("%-12s  %-3d  %-12s  %-10s  %-16s  %s\n", pf->addr, index, vf->addr,
	       vf->driver[0] ? vf->driver : "-", netdev, group);
}

static int pf_vfs(struct pci_dev_info *pf, void *arg)
{
	char link[sizeof("virtfn") + 11], addr[NAME_MAX + 1];
	struct pci_dev_info vf;
	int i, ret;

	for (i = 0; i < pf->numvfs; i++) {
		snprintf(link, sizeof(link), "virtfn%d", i);
		if (pci_attr_link(pf->addr, link, addr, sizeof(addr)))
			return VFCTL_FAIL;
		/* numvfs and the links are updated apart; a VF may be mid-removal. */
		if (!addr[0])
			continue;
		ret = pci_dev_read(addr, &vf);
		if (!ret)
			vf_print(arg, pf, i, &vf);
		pci_dev_free(&vf);
		if (ret)
			return ret;
	}
	return VFCTL_OK;
}

int vf_list(int argc, char **argv)
{
	struct vf_list_ctx ctx = { 0 };
	struct pci_dev_info pf;
	struct json_writer jw;
	int ret;

	if (vfctl_opts.json) {
		json_init(&jw, stdout, vfctl_opts.pretty);
		ctx.jw = &jw;
	}
	if (argc) {
		ret = pci_pf_get(argv[0], &pf);
		if (ret)
			return ret;
	}

	if (ctx.jw)
		json_array_begin(&jw);
	if (argc) {
		ret = pf_vfs(&pf, &ctx);
		pci_dev_free(&pf);
	} else {
		ret = pci_for_each_pf(pf_vfs, &ctx);
	}
	if (ctx.jw) {
		json_array_end(&jw);
		json_finish(&jw);
	}
	return ret;
}
