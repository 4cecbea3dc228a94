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
 *
 * Also here: binding one VF on request, the IOMMU-group viability check
 * that comes first for vfio-pci, and noticing VFs opened and closed
 * through VFIO.
 */
#include <linux/iommu.h>
#include <linux/kmod.h>
#include <linux/module.h>
#include <linux/pci.h>
#include <linux/rculist.h>
#include <linux/srcu.h>

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
 * vfmgr_bind_get_vf_dev - the PCI device of one of a port's VFs
 * @pf: the port
 * @v: VF index
 *
 * Return: the device with a reference held (pci_dev_put() it), or NULL.
 */
struct pci_dev *vfmgr_bind_get_vf_dev(struct vfmgr_pf *pf, unsigned int v)
{
	struct pci_dev *vfdev = NULL;

	while ((vfdev = pci_get_device(pf->pdev->vendor, PCI_ANY_ID, vfdev)))
		if (vfdev->is_virtfn && pci_physfn(vfdev) == pf->pdev &&
		    pci_iov_vf_id(vfdev) == v)
			return vfdev;
	return NULL;
}

/*
 * A new VF: steer it to its chosen driver before anything probes.  A
 * vf-bind choice for its index wins over the port's setting.
 */
static void vfmgr_bind_vf_added(struct vfmgr_pf *pf, struct pci_dev *vfdev,
				unsigned int v)
{
	s32 drv = READ_ONCE(pf->vfs[v].cfg.driver);
	const char *name;
	int err;

	name = vfmgr_bind_driver_name(drv >= 0 ? drv : READ_ONCE(pf->vf_driver));

	if (!name)
		return;
	err = device_set_driver_override(&vfdev->dev, name);
	if (err)
		pci_warn(vfdev, "cannot reserve the VF for %s: %pe\n", name, ERR_PTR(err));
}

/**
 * vfmgr_bind_reset_vf - reset a VF through the PCI core
 * @vfdev: the VF, a reference held
 * @extack: why, when it is refused or fails
 *
 * The PCI core saves and restores the VF's config space (bus mastering,
 * MSI-X) around its function level reset.  A host driver (igbvf) is
 * unbound before and bound again after, so it starts over from the reset
 * with the admin configuration, as after a reload; its own reset
 * callbacks are not trusted (igbvf's wait forever on a VF whose
 * interface is down, and older igbvf has none and stalls).  A driver
 * that manages DMA itself (vfio-pci) stays bound: its user sees the
 * reset.  Never while the VF's driver is being bound or unbound: the
 * VF's device lock is only tried.
 *
 * Context: process, no device lock held.
 * Return: 0, -EAGAIN while the VF's driver is being bound or unbound,
 * or another negative errno from the reset.
 */
int vfmgr_bind_reset_vf(struct pci_dev *vfdev, struct netlink_ext_ack *extack)
{
	const struct pci_driver *drv;
	bool rebind;
	int err;

	if (!device_trylock(&vfdev->dev)) {
		NL_SET_ERR_MSG(extack, "the VF's driver is being bound or unbound; try again");
		return -EAGAIN;
	}
	drv = vfdev->dev.driver ? to_pci_driver(vfdev->dev.driver) : NULL;
	rebind = drv && !drv->driver_managed_dma;
	device_unlock(&vfdev->dev);

	if (rebind)
		device_release_driver(&vfdev->dev);
	err = pci_try_reset_function(vfdev);
	if (err == -EAGAIN)
		NL_SET_ERR_MSG(extack, "the VF's driver is being bound or unbound; try again");
	else if (err)
		NL_SET_ERR_MSG_FMT(extack, "function level reset failed (%d)", err);
	if (rebind && device_attach(&vfdev->dev) <= 0)
		pci_warn(vfdev, "no driver took the VF again after its reset\n");
	return err;
}

/**
 * vfmgr_bind_vf_open - is a VF held by a VFIO user
 * @vfdev: the VF
 *
 * A VF is open when its driver manages DMA ownership itself (vfio-pci and
 * its variants) and its IOMMU group has an owner: VFIO claims the group
 * when a user attaches it to a container, whichever VFIO driver is bound.
 *
 * The VF's device lock is only tried, never waited for: an unbind of
 * vfio-pci holds it until the VFIO user lets go, which may be never.
 * Callers treat a busy VF as one they must not touch.
 *
 * Context: process context.
 * Return: 1 when open, 0 when not, -EBUSY when someone else holds the
 * VF's device lock.
 */
int vfmgr_bind_vf_open(struct pci_dev *vfdev)
{
	struct iommu_group *group;
	int open;

	group = iommu_group_get(&vfdev->dev);
	if (!group)
		return 0;
	if (!device_trylock(&vfdev->dev)) {
		iommu_group_put(group);
		return -EBUSY;
	}
	open = vfdev->dev.driver &&
	       to_pci_driver(vfdev->dev.driver)->driver_managed_dma &&
	       iommu_group_dma_owner_claimed(group);
	device_unlock(&vfdev->dev);
	iommu_group_put(group);
	return open;
}

struct vfmgr_bind_scan {
	struct device *self;
	struct device *blocker;
};

/*
 * Called with the group's mutex held, so no device lock may be taken
 * (probe takes them in the other order): the driver is read once.
 */
static int vfmgr_bind_scan_dev(struct device *dev, void *data)
{
	struct vfmgr_bind_scan *scan = data;
	struct device_driver *drv = READ_ONCE(dev->driver);

	if (dev == scan->self || !drv)
		return 0;
	if (dev_is_pci(dev) && to_pci_driver(drv)->driver_managed_dma)
		return 0;
	scan->blocker = get_device(dev);
	return 1;
}

/**
 * vfmgr_bind_viable - can a VF's IOMMU group be handed to VFIO
 * @vfdev: the VF
 * @blocker: filled with "ADDRESS (DRIVER)" of the first device in the way
 * @len: size of @blocker
 *
 * VFIO takes a group only when no device in it is bound to a driver that
 * does DMA through the kernel's own domain: every other member must be
 * unbound or bound to a driver that leaves DMA to its user (vfio-pci and
 * its variants, PCIe port services).  The VF itself does not count; it is
 * the one being bound.
 *
 * Return: 1 when viable, 0 when not (with @blocker set), -ENODEV when the
 * VF has no IOMMU group.
 */
int vfmgr_bind_viable(struct pci_dev *vfdev, char *blocker, size_t len)
{
	struct vfmgr_bind_scan scan = { .self = &vfdev->dev };
	struct iommu_group *group;
	struct device_driver *drv;

	group = iommu_group_get(&vfdev->dev);
	if (!group)
		return -ENODEV;
	iommu_group_for_each_dev(group, &scan, vfmgr_bind_scan_dev);
	iommu_group_put(group);
	if (!scan.blocker)
		return 1;
	drv = READ_ONCE(scan.blocker->driver);
	snprintf(blocker, len, "%s (%s)", dev_name(scan.blocker),
		 drv ? drv->name : "unbound");
	put_device(scan.blocker);
	return 0;
}

/* Refuse vfio-pci for a VF whose group VFIO would not take. */
static int vfmgr_bind_check_group(struct pci_dev *vfdev, unsigned int v,
				  struct netlink_ext_ack *extack)
{
	struct iommu_group *group;
	char blocker[VFMGR_BIND_BLOCKER_LEN];
	int viable, id;

	viable = vfmgr_bind_viable(vfdev, blocker, sizeof(blocker));
	if (viable == -ENODEV) {
		NL_SET_ERR_MSG_FMT(extack, "VF %u has no IOMMU group; is the IOMMU on?", v);
		vfmgr_extack_vf(extack, v);
		return -ENODEV;
	}
	if (viable)
		return 0;
	group = iommu_group_get(&vfdev->dev);
	id = group ? iommu_group_id(group) : -1;
	iommu_group_put(group);
	pci_err(vfdev, "not binding to vfio-pci: IOMMU group %d is not viable, %s is in it; unbind it or bind it to vfio-pci\n",
		id, blocker);
	NL_SET_ERR_MSG_FMT(extack, "IOMMU group %d not viable: %s", id, blocker);
	vfmgr_extack_vf(extack, v);
	return -EBUSY;
}

/**
 * vfmgr_bind_vf - bind one VF to a driver now, and remember the choice
 * @pf: the VF's port
 * @v: VF index
 * @vf_driver: enum vfmgr_vf_driver
 * @extack: for the reason of a refusal
 *
 * The VF's driver_override is set to the driver, so nothing else takes it
 * in between, then the VF is unbound and offered to that driver.  When
 * the override cannot be set, the VF keeps its driver; when the driver
 * does not take the VF, it stays unbound, reserved for that driver.  Refused
 * while a VFIO user holds the VF (unbinding vfio-pci would wait for the
 * user), and for vfio-pci when the VF's IOMMU group is not viable.  The
 * driver's module must be loaded already (vfmgr_bind_load_driver()).
 *
 * Context: the PF's device lock held, so the VF cannot go away.
 * Return: 0 or a negative errno, with @extack set.
 */
int vfmgr_bind_vf(struct vfmgr_pf *pf, unsigned int v, u32 vf_driver,
		  struct netlink_ext_ack *extack)
{
	const char *name = vfmgr_bind_driver_name(vf_driver);
	struct device_driver *drv;
	struct pci_dev *vfdev;
	bool bound;
	int err;

	device_lock_assert(&pf->pdev->dev);
	vfdev = vfmgr_bind_get_vf_dev(pf, v);
	if (!vfdev) {
		NL_SET_ERR_MSG_FMT(extack, "VF %u has no PCI device", v);
		return -ENODEV;
	}
	err = vfmgr_bind_vf_open(vfdev);
	if (err) {
		if (err > 0)
			NL_SET_ERR_MSG_FMT(extack, "VF %u is in use through VFIO", v);
		else
			NL_SET_ERR_MSG_FMT(extack, "VF %u is busy (its driver is being unbound)",
					   v);
		vfmgr_extack_vf(extack, v);
		err = -EBUSY;
		goto out_put;
	}
	if (vf_driver == VFMGR_VF_DRIVER_VFIO_PCI) {
		err = vfmgr_bind_check_group(vfdev, v, extack);
		if (err)
			goto out_put;
	}

	/*
	 * The override first (an empty one clears it: the kernel's choice):
	 * if it cannot be set, the VF keeps its driver.
	 */
	err = device_set_driver_override(&vfdev->dev, name ?: "");
	if (err) {
		NL_SET_ERR_MSG_FMT(extack, "cannot set the VF's driver_override (%d)", err);
		goto out_put;
	}
	device_release_driver(&vfdev->dev);
	WRITE_ONCE(pf->vfs[v].cfg.driver, vf_driver);
	if (vf_driver == VFMGR_VF_DRIVER_NONE)
		goto out_put;
	err = device_attach(&vfdev->dev);
	if (err < 0) {
		NL_SET_ERR_MSG_FMT(extack, "probing the VF failed (%d)", err);
		goto out_put;
	}
	err = 0;
	if (!name)
		goto out_put;
	/* Read once, without the device lock a stuck unbind may hold. */
	drv = READ_ONCE(vfdev->dev.driver);
	bound = drv && !strcmp(drv->name, name);
	if (!bound) {
		NL_SET_ERR_MSG_FMT(extack, "%s did not take VF %u; see the kernel log", name, v);
		err = -EIO;
	}
out_put:
	pci_dev_put(vfdev);
	return err;
}

/*
 * Notice VFs opened and closed through VFIO.  Nothing in the kernel tells
 * a PF driver when a VFIO user takes or lets go of a group, so the port
 * looks once a second; each open VF holds a module reference, so rmmod
 * is refused while a VM uses one.
 */
static void vfmgr_bind_use_work(struct work_struct *work)
{
	struct vfmgr_pf *pf = container_of(to_delayed_work(work), struct vfmgr_pf,
					   use_work);
	struct pci_dev *vfdev;
	unsigned int v;
	int open;

	for (v = 0; v < VFMGR_MAX_VFS; v++) {
		vfdev = READ_ONCE(pf->vfs[v].present) ? vfmgr_bind_get_vf_dev(pf, v) : NULL;
		open = 0;
		if (vfdev) {
			open = vfmgr_bind_vf_open(vfdev);
			pci_dev_put(vfdev);
		}
		if (open < 0 || !!open == test_bit(v, &pf->vf_open))
			continue;
		if (open) {
			__set_bit(v, &pf->vf_open);
			__module_get(THIS_MODULE);
			pci_info(pf->pdev, "VF %u opened through VFIO\n", v);
			vfmgr_fam_notify_vf(pf, v, VFMGR_EVENT_OPENED);
		} else {
			__clear_bit(v, &pf->vf_open);
			module_put(THIS_MODULE);
			pci_info(pf->pdev, "VF %u closed\n", v);
			vfmgr_fam_notify_vf(pf, v, VFMGR_EVENT_CLOSED);
		}
	}
	schedule_delayed_work(&pf->use_work, HZ);
}

/*
 * The ports whose VFs the PCI bus notifier serves.  The notifier may
 * sleep and runs for any device at any time (a VF bound from sysfs while
 * its port's probe fails or its remove runs), so it finds a port here
 * under SRCU instead of through the PF's driver data, which a failed
 * probe or a remove frees before the driver core lets go of the PF.
 * Writers hold vfmgr_bind_ports_lock.
 */
DEFINE_STATIC_SRCU(vfmgr_bind_srcu);
static DEFINE_MUTEX(vfmgr_bind_ports_lock);
static LIST_HEAD(vfmgr_bind_ports);

/*
 * The port VF @vfdev belongs to, or NULL if it is not a VF of a port
 * vfmgr serves.  Valid until vfmgr_bind_srcu's read side ends.
 */
static struct vfmgr_pf *vfmgr_bind_vf_pf(struct pci_dev *vfdev)
{
	struct pci_dev *pdev;
	struct vfmgr_pf *pf;

	if (!vfdev->is_virtfn)
		return NULL;
	pdev = pci_physfn(vfdev);
	list_for_each_entry_srcu(pf, &vfmgr_bind_ports, bind_node,
				 srcu_read_lock_held(&vfmgr_bind_srcu))
		if (pf->pdev == pdev)
			return pf;
	return NULL;
}

/**
 * vfmgr_bind_pf_start - serve a port's VFs' bus events, notice them opened
 * @pf: a port being claimed, before any VF of its making exists
 */
void vfmgr_bind_pf_start(struct vfmgr_pf *pf)
{
	INIT_DELAYED_WORK(&pf->use_work, vfmgr_bind_use_work);
	mutex_lock(&vfmgr_bind_ports_lock);
	list_add_tail_rcu(&pf->bind_node, &vfmgr_bind_ports);
	mutex_unlock(&vfmgr_bind_ports_lock);
	schedule_delayed_work(&pf->use_work, HZ);
}

/**
 * vfmgr_bind_pf_rescan - look for opened and closed VFs now
 * @pf: the port
 *
 * After VFs are removed, so their module references are dropped before
 * the caller returns (an rmmod right after must work).
 *
 * Context: process context; no VF device lock held.
 */
void vfmgr_bind_pf_rescan(struct vfmgr_pf *pf)
{
	mod_delayed_work(system_wq, &pf->use_work, 0);
	flush_delayed_work(&pf->use_work);
}

/**
 * vfmgr_bind_pf_stop - stop both, dropping the module references of open VFs
 * @pf: a port being released, its VFs removed (or left to their holders)
 *
 * Once this returns, no bus event of a VF that outlives the port reaches
 * it, so the port may be freed.
 */
void vfmgr_bind_pf_stop(struct vfmgr_pf *pf)
{
	unsigned int v;

	mutex_lock(&vfmgr_bind_ports_lock);
	list_del_rcu(&pf->bind_node);
	mutex_unlock(&vfmgr_bind_ports_lock);
	synchronize_srcu(&vfmgr_bind_srcu);
	cancel_delayed_work_sync(&pf->use_work);
	for_each_set_bit(v, &pf->vf_open, VFMGR_MAX_VFS)
		module_put(THIS_MODULE);
	pf->vf_open = 0;
}

static int vfmgr_bind_notify(struct notifier_block *nb, unsigned long action,
			     void *data)
{
	struct pci_dev *vfdev = to_pci_dev(data);
	struct vfmgr_pf *pf;
	unsigned int v;
	int idx;

	idx = srcu_read_lock(&vfmgr_bind_srcu);
	pf = vfmgr_bind_vf_pf(vfdev);
	if (!pf)
		goto out_unlock;
	v = pci_iov_vf_id(vfdev);
	if (v >= VFMGR_MAX_VFS)
		goto out_unlock;

	switch (action) {
	case BUS_NOTIFY_ADD_DEVICE:
		WRITE_ONCE(pf->vfs[v].present, true);
		vfmgr_bind_vf_added(pf, vfdev, v);
		vfmgr_fam_notify_vf(pf, v, VFMGR_EVENT_CREATED);
		break;
	case BUS_NOTIFY_BOUND_DRIVER:
		vfmgr_fam_notify_bound(pf, v, vfdev->dev.driver->name);
		break;
	case BUS_NOTIFY_UNBOUND_DRIVER:
		vfmgr_fam_notify_vf(pf, v, VFMGR_EVENT_UNBOUND);
		break;
	case BUS_NOTIFY_DEL_DEVICE:
		WRITE_ONCE(pf->vfs[v].present, false);
		vfmgr_fam_notify_vf(pf, v, VFMGR_EVENT_REMOVED);
		break;
	}
out_unlock:
	srcu_read_unlock(&vfmgr_bind_srcu, idx);
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
