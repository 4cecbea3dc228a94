// SPDX-License-Identifier: GPL-2.0
/*
 * Which driver a VF gets, and what happens to VFs on the PCI bus.
 *
 * A PCI bus notifier sees every VF of a vfmgr port as it is added, before
 * the driver core looks for a driver.  That is where the port's VF-driver
 * setting is applied, as the VF's driver_override: a VF meant for
 * vfio-pci is never probed by igbvf, not even for an instant, and a VF
 * meant for nobody stays unbound.  The same notifier reports VFs created,
 * bound, unbound and removed on the family's events group.
 */
#include <linux/kmod.h>
#include <linux/pci.h>

#include "vfmgr.h"

/*
 * No driver has this name, so a VF whose driver_override holds it is left
 * alone until the admin binds it somewhere.
 */
#define VFMGR_BIND_NONE	"none"

/**
 * vfmgr_bind_driver_name - the driver_override value for a VF-driver setting
 * @vf_driver: enum vfmgr_vf_driver
 *
 * Return: the driver's name, or NULL for the kernel's standard behaviour.
 */
const char *vfmgr_bind_driver_name(u32 vf_driver)
{
	switch (vf_driver) {
	case VFMGR_VF_DRIVER_NONE:
		return VFMGR_BIND_NONE;
	case VFMGR_VF_DRIVER_IGBVF:
		return "igbvf";
	case VFMGR_VF_DRIVER_VFIO_PCI:
		return "vfio-pci";
	default:
		return NULL;
	}
}

/**
 * vfmgr_bind_load_driver - load the module of a VF-driver setting
 * @vf_driver: enum vfmgr_vf_driver
 *
 * Loading it before the VFs appear lets each VF bind as it is added.
 *
 * Context: process context, no device lock held (module init walks the
 * bus and takes device locks).
 * Return: 0, or -ENOENT when the driver's module cannot be loaded.
 */
int vfmgr_bind_load_driver(u32 vf_driver)
{
	const char *name;

	if (vf_driver != VFMGR_VF_DRIVER_IGBVF && vf_driver != VFMGR_VF_DRIVER_VFIO_PCI)
		return 0;
	name = vfmgr_bind_driver_name(vf_driver);
	return request_module("%s", name) ? -ENOENT : 0;
}

/**
 * vfmgr_bind_vf_pf - the vfmgr port a VF belongs to
 * @vfdev: any PCI device
 *
 * Return: the port, or NULL when @vfdev is not a VF of a port vfmgr
 * drives.  Valid while the VF exists: a port removes its VFs before it
 * goes away.
 */
struct vfmgr_pf *vfmgr_bind_vf_pf(struct pci_dev *vfdev)
{
	struct pci_dev *pdev;

	if (!vfdev->is_virtfn)
		return NULL;
	pdev = pci_physfn(vfdev);
	if (pdev->dev.driver != &vfmgr_pf_driver.driver)
		return NULL;
	return pci_get_drvdata(pdev);
}

/* A new VF: steer it to the port's chosen driver before anything probes. */
static void vfmgr_bind_vf_added(struct vfmgr_pf *pf, struct pci_dev *vfdev)
{
	const char *name = vfmgr_bind_driver_name(READ_ONCE(pf->vf_driver));
	int err;

	if (!name)
		return;
	err = device_set_driver_override(&vfdev->dev, name);
	if (err)
		pci_warn(vfdev, "cannot reserve the VF for %s: %pe\n", name, ERR_PTR(err));
}

static int vfmgr_bind_notify(struct notifier_block *nb, unsigned long action,
			     void *data)
{
	struct pci_dev *vfdev = to_pci_dev(data);
	struct vfmgr_pf *pf = vfmgr_bind_vf_pf(vfdev);
	unsigned int v;

	if (!pf)
		return NOTIFY_DONE;
	v = pci_iov_vf_id(vfdev);
	if (v >= VFMGR_MAX_VFS)
		return NOTIFY_DONE;

	switch (action) {
	case BUS_NOTIFY_ADD_DEVICE:
		WRITE_ONCE(pf->vfs[v].present, true);
		vfmgr_bind_vf_added(pf, vfdev);
		vfmgr_nl_vf_event(pf, v, VFMGR_EVENT_CREATED, -1, NULL);
		break;
	case BUS_NOTIFY_BOUND_DRIVER:
		vfmgr_nl_vf_event(pf, v, VFMGR_EVENT_BOUND, -1, vfdev->dev.driver->name);
		break;
	case BUS_NOTIFY_UNBOUND_DRIVER:
		vfmgr_nl_vf_event(pf, v, VFMGR_EVENT_UNBOUND, -1, NULL);
		break;
	case BUS_NOTIFY_DEL_DEVICE:
		WRITE_ONCE(pf->vfs[v].present, false);
		vfmgr_nl_vf_event(pf, v, VFMGR_EVENT_REMOVED, -1, NULL);
		break;
	}
	return NOTIFY_DONE;
}

static struct notifier_block vfmgr_bind_nb = {
	.notifier_call = vfmgr_bind_notify,
};

/**
 * vfmgr_bind_init - start watching the PCI bus for VFs
 *
 * Return: 0 or a negative errno.
 */
int vfmgr_bind_init(void)
{
	return bus_register_notifier(&pci_bus_type, &vfmgr_bind_nb);
}

/**
 * vfmgr_bind_exit - stop watching the PCI bus
 */
void vfmgr_bind_exit(void)
{
	bus_unregister_notifier(&pci_bus_type, &vfmgr_bind_nb);
}
