/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What sysfs tells vfctl about a PCI function: identity, bound driver,
 * network interfaces, SR-IOV counts and IOMMU group; and how a PF argument
 * (address or interface name) becomes a PCI address.
 */
#ifndef VFCTL_PCI_H
#define VFCTL_PCI_H

#include <dirent.h>
#include <limits.h>
#include <stdbool.h>
#include <stddef.h>

#include "json.h"
#include "util.h"

#define PCI_VENDOR_INTEL	0x8086
#define PCI_DEVICE_82576	0x10c9
#define VFMGR_DRIVER		"vfmgr"

struct pci_dev_info {
	char addr[PCI_ADDR_STRLEN];
	unsigned int vendor;
	unsigned int device;
	char driver[NAME_MAX + 1];	/* "" when no driver is bound */
	struct dirent **netdev;		/* names under the device's net/ */
	int n_netdev;
	int numvfs;			/* -1 where sysfs has no such value */
	int totalvfs;
	int iommu_group;
};

int pci_dev_path(char *buf, size_t len, const char *addr, const char *attr);
void pci_dev_err(const char *addr, const char *op, const char *path, int err);
int pci_attr_read(const char *addr, const char *attr, char *buf, size_t len,
		  bool optional);
int pci_attr_write(const char *addr, const char *attr, const char *val);
int pci_attr_link(const char *addr, const char *attr, char *buf, size_t len);

int pci_dev_read(const char *addr, struct pci_dev_info *info);
void pci_dev_free(struct pci_dev_info *info);
int pci_dev_driver(const char *addr, char *buf, size_t len);

int pci_pf_addr(const char *arg, char addr[PCI_ADDR_STRLEN]);
int pci_pf_resolve(const char *arg, char addr[PCI_ADDR_STRLEN]);
int pci_pf_get(const char *arg, struct pci_dev_info *info);
int pci_for_each_pf(int (*fn)(struct pci_dev_info *info, void *arg), void *arg);

void pci_netdev_text(const struct pci_dev_info *info, char *buf, size_t len);
void pci_json_driver_netdev(struct json_writer *w, const struct pci_dev_info *info);
void pci_json_count(struct json_writer *w, const char *key, int val);

#endif /* VFCTL_PCI_H */
