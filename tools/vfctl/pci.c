// SPDX-License-Identifier: GPL-2.0
/*
 * PCI devices through sysfs, for the pf and vf commands: reading what a
 * device is and what it is bound to, writing its attributes, and resolving
 * a PF argument.
 *
 * Failures are reported here, where the device, the sysfs file and the errno
 * are all known, and the callers just pass VFCTL_FAIL on.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pci.h"
#include "sysfs.h"
#include "vfctl.h"

#define PCI_DEVICE_82576_VF	0x10ca

/* SYSFS/bus/pci/devices/ADDR[/ATTR] */
int pci_dev_path(char *buf, size_t len, const char *addr, const char *attr)
{
	if (!attr)
		return sysfs_path(buf, len, "bus/pci/devices/%s", addr);
	return sysfs_path(buf, len, "bus/pci/devices/%s/%s", addr, attr);
}

void pci_dev_err(const char *addr, const char *op, const char *path, int err)
{
	vfctl_err("%s: cannot %s %s: %s", addr, op, path, strerror(-err));
}

/* A missing optional attribute is not an error and is not reported. */
int pci_attr_read(const char *addr, const char *attr, char *buf, size_t len,
		  bool optional)
{
	char path[PATH_MAX];
	int err;

	err = pci_dev_path(path, sizeof(path), addr, attr);
	if (!err)
		err = sysfs_read(path, buf, len);
	if (err && !(optional && err == -ENOENT))
		pci_dev_err(addr, "read", path, err);
	return err;
}

int pci_attr_write(const char *addr, const char *attr, const char *val)
{
	char path[PATH_MAX];
	int err;

	err = pci_dev_path(path, sizeof(path), addr, attr);
	if (!err)
		err = sysfs_write(path, val);
	if (err)
		pci_dev_err(addr, "write", path, err);
	return err;
}

/* Basename of the link ADDR/ATTR into buf, "" if there is no such link. */
int pci_attr_link(const char *addr, const char *attr, char *buf, size_t len)
{
	char path[PATH_MAX];
	int err;

	err = pci_dev_path(path, sizeof(path), addr, attr);
	if (!err)
		err = sysfs_link_name(path, buf, len);
	if (err == -ENOENT) {
		buf[0] = '\0';
		return 0;
	}
	if (err)
		pci_dev_err(addr, "read link", path, err);
	return err;
}

static int parse_id(const char *s, unsigned int *id)
{
	unsigned long long v;
	unsigned int i;

	/* sysfs writes ids as "0x%04x"; uint_parse is decimal, so convert. */
	if (strncmp(s, "0x", 2) || strlen(s) != 6)
		return -EINVAL;
	for (v = 0, i = 2; i < 6; i++) {
		char c = s[i];

		if (c >= '0' && c <= '9')
			v = v << 4 | (unsigned int)(c - '0');
		else if (c >= 'a' && c <= 'f')
			v = v << 4 | (unsigned int)(c - 'a' + 10);
		else
			return -EINVAL;
	}
	*id = (unsigned int)v;
	return 0;
}

static int read_id(const char *addr, const char *attr, unsigned int *id)
{
	char buf[16];

	if (pci_attr_read(addr, attr, buf, sizeof(buf), false))
		return VFCTL_FAIL;
	if (parse_id(buf, id)) {
		vfctl_err("%s: unexpected %s \"%s\" in sysfs", addr, attr, buf);
		return VFCTL_FAIL;
	}
	return VFCTL_OK;
}

static int parse_count(const char *addr, const char *attr, const char *s, int *val)
{
	unsigned long long v;

	if (uint_parse(s, 0, INT_MAX, &v)) {
		vfctl_err("%s: unexpected %s \"%s\" in sysfs", addr, attr, s);
		return VFCTL_FAIL;
	}
	*val = (int)v;
	return VFCTL_OK;
}

/* Leaves *val at -1 when the attribute does not exist. */
static int read_count(const char *addr, const char *attr, int *val)
{
	char buf[32];
	int err;

	err = pci_attr_read(addr, attr, buf, sizeof(buf), true);
	if (err == -ENOENT)
		return VFCTL_OK;
	if (err)
		return VFCTL_FAIL;
	return parse_count(addr, attr, buf, val);
}

/* The bound driver's name into buf, "" if the device has none. */
int pci_dev_driver(const char *addr, char *buf, size_t len)
{
	return pci_attr_link(addr, "driver", buf, len) ? VFCTL_FAIL : VFCTL_OK;
}

int pci_dev_read(const char *addr, struct pci_dev_info *info)
{
	char path[PATH_MAX], group[NAME_MAX + 1];
	int n;

	memset(info, 0, sizeof(*info));
	snprintf(info->addr, sizeof(info->addr), "%s", addr);
	info->numvfs = -1;
	info->totalvfs = -1;
	info->iommu_group = -1;

	if (read_id(addr, "vendor", &info->vendor) ||
	    read_id(addr, "device", &info->device) ||
	    pci_dev_driver(addr, info->driver, sizeof(info->driver)))
		return VFCTL_FAIL;

	n = pci_dev_path(path, sizeof(path), addr, "net");
	if (!n)
		n = sysfs_list(path, &info->netdev);
	if (n == -ENOENT) {
		n = 0;
	} else if (n < 0) {
		pci_dev_err(addr, "list", path, n);
		return VFCTL_FAIL;
	}
	info->n_netdev = n;

	if (read_count(addr, "sriov_numvfs", &info->numvfs) ||
	    read_count(addr, "sriov_totalvfs", &info->totalvfs) ||
	    pci_attr_link(addr, "iommu_group", group, sizeof(group)))
		return VFCTL_FAIL;
	if (group[0])
		return parse_count(addr, "iommu_group", group, &info->iommu_group);
	return VFCTL_OK;
}

void pci_dev_free(struct pci_dev_info *info)
{
	if (info->netdev)
		sysfs_list_free(info->netdev, info->n_netdev);
	info->netdev = NULL;
	info->n_netdev = 0;
}

/*
 * A PF argument is a PCI address or the name of a PF's network interface.
 * Interface names cannot contain ':', so any argument with one must be an
 * address, and a malformed one is a usage error rather than a lookup miss.
 * An address is only normalised here, so a device that is not there is
 * found out by the caller, if it cares.
 */
int pci_pf_addr(const char *arg, char addr[PCI_ADDR_STRLEN])
{
	char path[PATH_MAX], name[NAME_MAX + 1];
	int err;

	if (strchr(arg, ':')) {
		if (!pci_addr_normalise(arg, addr, PCI_ADDR_STRLEN))
			return VFCTL_OK;
		vfctl_err("invalid PCI address \"%s\" (expected [DOMAIN:]BUS:DEV.FN)", arg);
		return VFCTL_USAGE;
	}
	if (!ifname_valid(arg)) {
		vfctl_err("invalid PF \"%s\": neither a PCI address nor an interface name",
			  arg);
		return VFCTL_USAGE;
	}
	err = sysfs_path(path, sizeof(path), "class/net/%s", arg);
	if (!err && !sysfs_exists(path)) {
		vfctl_err("%s: no such network interface", arg);
		return VFCTL_FAIL;
	}
	if (!err)
		err = sysfs_path(path, sizeof(path), "class/net/%s/device", arg);
	if (!err)
		err = sysfs_link_name(path, name, sizeof(name));
	if (err == -ENOENT) {
		vfctl_err("%s: not backed by a PCI device", arg);
		return VFCTL_FAIL;
	}
	if (err) {
		vfctl_err("%s: cannot read link %s: %s", arg, path, strerror(-err));
		return VFCTL_FAIL;
	}
	if (pci_addr_normalise(name, addr, PCI_ADDR_STRLEN)) {
		vfctl_err("%s: not a PCI device (%s)", arg, name);
		return VFCTL_FAIL;
	}
	return VFCTL_OK;
}

/* pci_pf_addr(), and the device must exist. */
int pci_pf_resolve(const char *arg, char addr[PCI_ADDR_STRLEN])
{
	char path[PATH_MAX];
	int ret;

	ret = pci_pf_addr(arg, addr);
	if (ret)
		return ret;
	if (pci_dev_path(path, sizeof(path), addr, NULL) || !sysfs_exists(path)) {
		vfctl_err("%s: no such PCI device", addr);
		return VFCTL_FAIL;
	}
	return VFCTL_OK;
}

/* Resolves a PF argument and reads the device, refusing anything but a PF. */
int pci_pf_get(const char *arg, struct pci_dev_info *info)
{
	char addr[PCI_ADDR_STRLEN];
	int ret;

	ret = pci_pf_resolve(arg, addr);
	if (ret)
		return ret;
	ret = pci_dev_read(addr, info);
	if (ret)
		goto err_free;

	if (info->vendor == PCI_VENDOR_INTEL && info->device == PCI_DEVICE_82576)
		return VFCTL_OK;
	if (info->vendor == PCI_VENDOR_INTEL && info->device == PCI_DEVICE_82576_VF)
		vfctl_err("%s: is an Intel 82576 VF; name its PF instead", addr);
	else
		vfctl_err("%s: not an Intel 82576 PF (%04x:%04x); vfmgr drives %04x:%04x only",
			  addr, info->vendor, info->device, PCI_VENDOR_INTEL,
			  PCI_DEVICE_82576);
	ret = VFCTL_FAIL;
err_free:
	pci_dev_free(info);
	return ret;
}

/* Quiet: a device whose ids cannot be read is simply not listed. */
static bool is_82576_pf(const char *addr)
{
	char path[PATH_MAX], buf[16];
	unsigned int vendor, device;

	return !pci_dev_path(path, sizeof(path), addr, "vendor") &&
	       !sysfs_read(path, buf, sizeof(buf)) && !parse_id(buf, &vendor) &&
	       !pci_dev_path(path, sizeof(path), addr, "device") &&
	       !sysfs_read(path, buf, sizeof(buf)) && !parse_id(buf, &device) &&
	       vendor == PCI_VENDOR_INTEL && device == PCI_DEVICE_82576;
}

/* Calls fn for every 82576 PF in address order, stopping at the first error. */
int pci_for_each_pf(int (*fn)(struct pci_dev_info *info, void *arg), void *arg)
{
	struct pci_dev_info info;
	struct dirent **ents;
	char dir[PATH_MAX];
	int i, n, ret = VFCTL_OK;

	n = sysfs_path(dir, sizeof(dir), "bus/pci/devices");
	if (!n)
		n = sysfs_list(dir, &ents);
	if (n < 0) {
		vfctl_err("cannot list %s: %s", dir, strerror(-n));
		return VFCTL_FAIL;
	}
	for (i = 0; i < n && !ret; i++) {
		if (!is_82576_pf(ents[i]->d_name))
			continue;
		ret = pci_dev_read(ents[i]->d_name, &info);
		if (!ret)
			ret = fn(&info, arg);
		pci_dev_free(&info);
	}
	sysfs_list_free(ents, n);
	return ret;
}

/* "eth0", "eth0,eth1" or "-" for the plain-text tables. */
void pci_netdev_text(const struct pci_dev_info *info, char *buf, size_t len)
{
	size_t used = 0;
	int i, n;

	snprintf(buf, len, "-");
	for (i = 0; i < info->n_netdev && used < len; i++) {
		n = snprintf(buf + used, len - used, "%s%s", i ? "," : "",
			     info->netdev[i]->d_name);
		if (n < 0)
			break;
		used += (size_t)n;
	}
}

/* Members every PF and VF object carries after its "pci". */
void pci_json_driver_netdev(struct json_writer *w, const struct pci_dev_info *info)
{
	int i;

	if (info->driver[0])
		json_kv_string(w, "driver", info->driver);
	else
		json_kv_null(w, "driver");
	json_key(w, "netdev");
	json_array_begin(w);
	for (i = 0; i < info->n_netdev; i++)
		json_string(w, info->netdev[i]->d_name);
	json_array_end(w);
}

/* Counts sysfs did not provide are null, so every object has every key. */
void pci_json_count(struct json_writer *w, const char *key, int val)
{
	if (val < 0)
		json_kv_null(w, key);
	else
		json_kv_uint(w, key, (unsigned int)val);
}
