// SPDX-License-Identifier: GPL-2.0
/*
 * devlink: one instance per claimed port, named pci/<PCI address>, whose
 * private area holds the port's struct vfmgr_pf.  main.c allocates it
 * first and frees it last; it is registered as the last step of probe and
 * unregistered as the first of remove, so userspace sees it only while
 * the port is whole.
 *
 * It answers `devlink dev info`: the driver, the serial number and the
 * version of the NVM image.  There is no devlink port: one on the PF's
 * interface would give it a phys_port_name, and udev would rename it.
 */
#include <linux/etherdevice.h>
#include <net/devlink.h>

#include "vfmgr.h"

/*
 * The PCIe Device Serial Number as devlink drivers print it (bytes from
 * the most significant, dash separated), or, on a port without that
 * capability (QEMU's model has none), its permanent station address.
 */
static int vfmgr_dl_info_serial(struct vfmgr_pf *pf, struct devlink_info_req *req)
{
	__be64 dsn = cpu_to_be64(pci_get_dsn(pf->pdev));
	char buf[3 * sizeof(dsn)];

	if (dsn)
		snprintf(buf, sizeof(buf), "%8phD", &dsn);
	else
		snprintf(buf, sizeof(buf), "%pM", pf->perm_addr);
	return devlink_info_serial_number_put(req, buf);
}

/*
 * The NVM image version under the names Intel's devlink drivers (i40e,
 * ice) give it: fw.psid.api for the image version, fw.bundle_id for its
 * EETRACK id.  The image version reads as igb's `ethtool -i` prints it
 * for the same port.  An NVM that does not answer leaves them out rather
 * than failing the request, which would also end a dump of every device.
 */
static int vfmgr_dl_info_nvm(struct vfmgr_pf *pf, struct devlink_info_req *req)
{
	struct vfmgr_hw_nvm_version ver;
	char buf[16];
	int err;

	mutex_lock(&pf->lock);
	err = pf->ops->nvm_version(pf, &ver);
	mutex_unlock(&pf->lock);
	if (err == -ENODATA)
		return 0;
	if (err) {
		dev_warn_ratelimited(&pf->pdev->dev, "cannot read the NVM version: %pe\n",
				     ERR_PTR(err));
		return 0;
	}

	if (ver.etrack)
		snprintf(buf, sizeof(buf), "%u.%u", ver.major, ver.minor);
	else
		snprintf(buf, sizeof(buf), "%u.%u.%u", ver.major, ver.minor, ver.image);
	err = devlink_info_version_running_put(req, DEVLINK_INFO_VERSION_GENERIC_FW_PSID ".api",
					       buf);
	if (err || !ver.etrack)
		return err;
	snprintf(buf, sizeof(buf), "0x%08x", ver.etrack);
	return devlink_info_version_running_put(req, DEVLINK_INFO_VERSION_GENERIC_FW_BUNDLE_ID,
						buf);
}

static int vfmgr_dl_info_get(struct devlink *devlink, struct devlink_info_req *req,
			     struct netlink_ext_ack *extack)
{
	struct vfmgr_pf *pf = devlink_priv(devlink);
	int err;

	err = vfmgr_compat_devlink_info_driver(req, VFMGR_DRV_NAME);
	if (!err)
		err = vfmgr_dl_info_serial(pf, req);
	if (!err)
		err = vfmgr_dl_info_nvm(pf, req);
	if (err)
		NL_SET_ERR_MSG_MOD(extack, "device information does not fit the message");
	return err;
}

static const struct devlink_ops vfmgr_dl_ops = {
	.info_get = vfmgr_dl_info_get,
};

/**
 * vfmgr_dl_alloc - allocate a port's devlink instance
 * @pdev: the port
 *
 * Context: probe.
 * Return: the port's struct vfmgr_pf, zeroed, in the instance's private
 * area; NULL when out of memory.
 */
struct vfmgr_pf *vfmgr_dl_alloc(struct pci_dev *pdev)
{
	struct devlink *devlink;

	devlink = devlink_alloc(&vfmgr_dl_ops, sizeof(struct vfmgr_pf), &pdev->dev);
	return devlink ? devlink_priv(devlink) : NULL;
}

/**
 * vfmgr_dl_free - free a port's devlink instance, and so the port
 * @pf: the port, from vfmgr_dl_alloc(), unregistered
 *
 * Context: probe or remove; @pf is gone once this returns.
 */
void vfmgr_dl_free(struct vfmgr_pf *pf)
{
	devlink_free(priv_to_devlink(pf));
}

/**
 * vfmgr_dl_register - show the port's devlink instance to userspace
 * @pf: the port, ready for every devlink operation
 *
 * Context: the last step of probe.
 */
void vfmgr_dl_register(struct vfmgr_pf *pf)
{
	devlink_register(priv_to_devlink(pf));
}

/**
 * vfmgr_dl_unregister - hide the port's devlink instance
 * @pf: the port
 *
 * No devlink operation runs on @pf once this returns.
 *
 * Context: the first step of remove.
 */
void vfmgr_dl_unregister(struct vfmgr_pf *pf)
{
	devlink_unregister(priv_to_devlink(pf));
}
