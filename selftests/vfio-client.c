// SPDX-License-Identifier: GPL-2.0
/*
 * vfio-client: a minimal user of an 82576 virtual function through VFIO,
 * for the vfmgr selftests.  It plays the part a VM's driver plays: it
 * owns the VF through the VFIO group/container interface, talks to the
 * PF driver over the VF mailbox and transmits from its own DMA memory,
 * which reaches the device through the IOMMU.
 *
 *   vfio-client BDF info    config space identity and regions
 *   vfio-client BDF send    reset handshake with the PF, then transmit
 *   vfio-client BDF hold    keep the VF open until EOF or a signal
 *   vfio-client BDF request MSG...
 *                           reset handshake, then the given mailbox
 *                           requests, each answer printed
 *   vfio-client BDF flood N [MS]
 *                           reset handshake, then N random requests as
 *                           fast as the mailbox takes them, for at least
 *                           MS milliseconds
 *   vfio-client BDF rtt N   time N request/answer round trips
 *
 * Exit status: 0 success, 1 failure, 2 usage error.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <linux/pci_regs.h>
#include <linux/vfio.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/stat.h>

#define EXIT_USAGE		2
#define ARRAY_SIZE(a)		(sizeof(a) / sizeof((a)[0]))

#define VF_VENDOR		0x8086
#define VF_DEVICE		0x10ca	/* 82576 virtual function */

/* VF register window (BAR0), as the VF sees it. */
#define VF_CTRL			0x0000
#define   VF_CTRL_RST		(1u << 26)
#define VF_STATUS		0x0008
#define VF_VMBMEM		0x0800	/* 16 words shared with the PF */
#define VF_V2PMAILBOX		0x0c40
#define   V2P_REQ		(1u << 0)	/* post a message to the PF */
#define   V2P_ACK		(1u << 1)	/* acknowledge a PF message */
#define   V2P_VFU		(1u << 2)	/* VF owns the buffer */
#define   V2P_PFU		(1u << 3)	/* PF owns the buffer */
#define   V2P_PFSTS		(1u << 4)	/* PF posted a message (read clears) */
#define   V2P_PFACK		(1u << 5)	/* PF acknowledged (read clears) */
#define   V2P_RSTI		(1u << 6)	/* PF reset in progress */
#define   V2P_RSTD		(1u << 7)	/* PF reset done (read clears) */
#define VF_GPTC			0x0f14	/* good packets transmitted */
/* Transmit queue 0 */
#define VF_TDBAL		0x3800
#define VF_TDBAH		0x3804
#define VF_TDLEN		0x3808
#define VF_TDH			0x3810
#define VF_TDT			0x3818
#define VF_TXDCTL		0x3828
#define   TXDCTL_ENABLE		(1u << 25)

/* Mailbox messages: word 0 is type, info byte and reply flags. */
#define MBX_WORDS		16
#define MBX_ACK			(1u << 31)
#define MBX_NACK		(1u << 30)
#define MBX_CTS			(1u << 29)
#define MBX_TYPE(w)		((w) & 0xffff)
#define MBX_VF_RESET		0x01
#define MBX_SET_MAC_ADDR	0x02
#define MBX_SET_MULTICAST	0x03
#define MBX_SET_VLAN		0x04
#define MBX_SET_LPE		0x05
#define MBX_INFO_SHIFT		16
#define MBX_MAC_FILTER_CLR	1
#define MBX_MAC_FILTER_ADD	2

/* Advanced transmit data descriptor */
struct tx_desc {
	uint64_t addr;
	uint32_t cmd_type_len;
	uint32_t olinfo_status;	/* bit 0: descriptor done, once written back */
};

#define TXD_DTYP_DATA		(3u << 20)
#define TXD_CMD_EOP		(1u << 24)
#define TXD_CMD_IFCS		(1u << 25)
#define TXD_CMD_RS		(1u << 27)
#define TXD_CMD_DEXT		(1u << 29)
#define TXD_PAYLEN_SHIFT	14
#define TXD_STAT_DD		(1u << 0)

/* DMA area: the ring at the start, one 2 KiB buffer per frame after it. */
#define RING_DESCS		64
#define BUF_OFFSET		4096
#define BUF_SIZE		2048
#define DMA_SIZE		(BUF_OFFSET + RING_DESCS * BUF_SIZE)
#define DMA_IOVA_DEFAULT	0x10000000ull

#define ETHERTYPE_TEST		0x88b5	/* IEEE local experimental */
#define FRAME_MIN		60	/* without FCS */
#define PAYLOAD_MAX		256

/* Emulated hardware is slow: be generous. */
#define MBX_TIMEOUT_MS		5000
#define RESET_TIMEOUT_MS	2000
#define TX_TIMEOUT_MS		5000

struct vf {
	char bdf[32];
	int group_id;
	int container;
	int group;
	int device;
	struct vfio_region_info cfg;
	struct vfio_region_info bar0;
	volatile uint32_t *regs;	/* BAR0 mapping, NULL: use pread/pwrite */
	size_t regs_len;
	void *dma;
	uint64_t iova;
	bool dma_mapped;
	uint32_t v2p;			/* read-to-clear mailbox bits seen */
	bool failed_io;
	uint64_t reset_req_ns;		/* the last reset request's round trip */
};

static const char *prog = "vfio-client";
static volatile sig_atomic_t stop_signal;

static void __attribute__((format(printf, 1, 2))) err_msg(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s: ", prog);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

/* Like err_msg(), followed by the text of the current errno. */
static void __attribute__((format(printf, 1, 2))) err_sys(const char *fmt, ...)
{
	int err = errno;
	va_list ap;

	fprintf(stderr, "%s: ", prog);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, ": %s (errno %d)\n", strerror(err), err);
}

static void usage(FILE *f)
{
	fprintf(f,
		"Usage: %s BDF COMMAND [OPTIONS]\n"
		"A minimal VFIO user of an Intel 82576 VF (8086:10ca) bound to vfio-pci.\n"
		"\n"
		"Commands:\n"
		"  info        print the VF's identity from config space and its regions\n"
		"  send        reset handshake with the PF over the mailbox, then\n"
		"              transmit frames from DMA memory and wait for\n"
		"              descriptor done\n"
		"      --dst MAC      destination address (required)\n"
		"      --src MAC      source address; default: the MAC the PF gave\n"
		"                     the VF; another one is requested from the PF\n"
		"      --count N      frames to send, 1-%d (default 1)\n"
		"      --payload TXT  text at the start of each payload\n"
		"                     (default \"vfmgr-vfio-client\")\n"
		"  hold        open the VF, print \"ready\", keep it open until stdin\n"
		"              reaches end of file or SIGTERM/SIGINT arrives\n"
		"  request MSG...\n"
		"              reset handshake, then each mailbox request in turn;\n"
		"              prints \"MSG: ACK|NACK reply 0x...\" for each.  MSG is\n"
		"      mac=MAC        set the VF's MAC address\n"
		"      filter=MAC     add a MAC filter\n"
		"      filter-clear   drop the MAC filters\n"
		"      vlan-add=VID   join a VLAN\n"
		"      vlan-del=VID   leave it\n"
		"      lpe=BYTES      largest frame to receive\n"
		"      raw=W0,W1,...  any words (hex or decimal), sent as they are\n"
		"      wait           print \"waiting\" and read a line from stdin\n"
		"                     (the VF stays open and as it is meanwhile)\n"
		"  flood N [MS]\n"
		"              reset handshake, then N random requests (frame sizes,\n"
		"              multicast lists, unknown types) posted back to back,\n"
		"              never waiting for an answer, and more until MS\n"
		"              milliseconds have passed (a sustained flood, however\n"
		"              fast the PF takes them); prints how many the PF\n"
		"              acknowledged while they were posted\n"
		"  rtt N       reset handshake, then N frame-size requests one after\n"
		"              the other, each timed from posting it to its answer\n"
		"              being readable; prints the reset handshake's time (and\n"
		"              of its reset request alone) and the p50, p90 and p99\n"
		"              of the requests, in microseconds\n"
		"\n"
		"BDF is a PCI address such as 0000:00:19.0.  Frames have ethertype\n"
		"0x%04x; their payload is the text, \" seq=N\", then zeros.\n"
		"Exit status: 0 success, 1 failure, 2 usage error.\n",
		prog, RING_DESCS, ETHERTYPE_TEST);
}

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + ts.tv_nsec;
}

static uint64_t now_ms(void)
{
	return now_ns() / 1000000;
}

static void sleep_us(unsigned int us)
{
	struct timespec ts = { .tv_sec = us / 1000000, .tv_nsec = (us % 1000000) * 1000L };

	nanosleep(&ts, NULL);
}

static int parse_mac(const char *s, uint8_t mac[6])
{
	unsigned int b[6];
	char end;
	int i;

	if (sscanf(s, "%x:%x:%x:%x:%x:%x%c", &b[0], &b[1], &b[2], &b[3], &b[4],
		   &b[5], &end) != 6)
		return -1;
	for (i = 0; i < 6; i++) {
		if (b[i] > 0xff)
			return -1;
		mac[i] = b[i];
	}
	return 0;
}

static const char *mac_str(const uint8_t mac[6], char buf[18])
{
	snprintf(buf, 18, "%02x:%02x:%02x:%02x:%02x:%02x",
		 mac[0], mac[1], mac[2], mac[3], mac[4], mac[5]);
	return buf;
}

/* Accept DDDD:BB:DD.F or BB:DD.F (domain 0). */
static int normalize_bdf(const char *in, char *out, size_t len)
{
	unsigned int dom, bus, dev, fn;
	char end;

	if (sscanf(in, "%x:%x:%x.%x%c", &dom, &bus, &dev, &fn, &end) != 4) {
		dom = 0;
		if (sscanf(in, "%x:%x.%x%c", &bus, &dev, &fn, &end) != 3)
			return -1;
	}
	if (dom > 0xffff || bus > 0xff || dev > 0x1f || fn > 7)
		return -1;
	snprintf(out, len, "%04x:%02x:%02x.%x", dom, bus, dev, fn);
	return 0;
}

/* The last path component a sysfs link of the device points to. */
static int sysfs_link_name(const char *bdf, const char *attr, char *out, size_t len)
{
	char path[PATH_MAX], target[PATH_MAX];
	const char *base;
	ssize_t n;

	snprintf(path, sizeof(path), "/sys/bus/pci/devices/%s/%s", bdf, attr);
	n = readlink(path, target, sizeof(target) - 1);
	if (n < 0)
		return -1;
	target[n] = '\0';
	base = strrchr(target, '/');
	base = base ? base + 1 : target;
	if (strlen(base) >= len) {
		errno = ENAMETOOLONG;
		return -1;
	}
	memcpy(out, base, strlen(base) + 1);
	return 0;
}

/* Configuration space */

static int cfg_read(struct vf *vf, unsigned int off, void *buf, size_t len)
{
	ssize_t n = pread(vf->device, buf, len, vf->cfg.offset + off);

	if (n != (ssize_t)len) {
		if (n >= 0)
			errno = EIO;
		err_sys("%s: reading config space at 0x%x", vf->bdf, off);
		return -1;
	}
	return 0;
}

static int cfg_write(struct vf *vf, unsigned int off, const void *buf, size_t len)
{
	ssize_t n = pwrite(vf->device, buf, len, vf->cfg.offset + off);

	if (n != (ssize_t)len) {
		if (n >= 0)
			errno = EIO;
		err_sys("%s: writing config space at 0x%x", vf->bdf, off);
		return -1;
	}
	return 0;
}

/* Registers: through the BAR0 mapping, or the region's file offsets. */

static uint32_t rd32(struct vf *vf, uint32_t reg)
{
	uint32_t val;

	if (vf->regs)
		return vf->regs[reg / 4];
	if (pread(vf->device, &val, 4, vf->bar0.offset + reg) != 4) {
		if (!vf->failed_io)
			err_sys("%s: reading register 0x%04x", vf->bdf, reg);
		vf->failed_io = true;
		return ~0u;
	}
	return val;
}

static void wr32(struct vf *vf, uint32_t reg, uint32_t val)
{
	if (vf->regs) {
		vf->regs[reg / 4] = val;
		return;
	}
	if (pwrite(vf->device, &val, 4, vf->bar0.offset + reg) != 4) {
		if (!vf->failed_io)
			err_sys("%s: writing register 0x%04x", vf->bdf, reg);
		vf->failed_io = true;
	}
}

static int region_info(struct vf *vf, unsigned int index, struct vfio_region_info *ri)
{
	memset(ri, 0, sizeof(*ri));
	ri->argsz = sizeof(*ri);
	ri->index = index;
	if (ioctl(vf->device, VFIO_DEVICE_GET_REGION_INFO, ri)) {
		err_sys("%s: VFIO_DEVICE_GET_REGION_INFO for region %u", vf->bdf, index);
		return -1;
	}
	return 0;
}

/*
 * Open the VF the way a VMM does: the container, the VF's group attached
 * to it with a type1 IOMMU, then the device itself.
 */
static int vf_open(struct vf *vf, const char *arg)
{
	struct vfio_group_status status = { .argsz = sizeof(status) };
	struct vfio_device_info info = { .argsz = sizeof(info) };
	char name[64], path[PATH_MAX];
	struct stat st;
	int api, type;

	vf->container = vf->group = vf->device = -1;
	if (normalize_bdf(arg, vf->bdf, sizeof(vf->bdf))) {
		err_msg("'%s' is not a PCI address (DDDD:BB:DD.F)", arg);
		return -EXIT_USAGE;
	}
	snprintf(path, sizeof(path), "/sys/bus/pci/devices/%s", vf->bdf);
	if (stat(path, &st)) {
		err_sys("%s: no such PCI device (%s)", vf->bdf, path);
		return -1;
	}
	if (sysfs_link_name(vf->bdf, "driver", name, sizeof(name)))
		snprintf(name, sizeof(name), "no driver");
	if (strcmp(name, "vfio-pci")) {
		err_msg("%s: bound to %s, not vfio-pci", vf->bdf, name);
		return -1;
	}
	if (sysfs_link_name(vf->bdf, "iommu_group", name, sizeof(name))) {
		err_sys("%s: no IOMMU group (is the IOMMU on?)", vf->bdf);
		return -1;
	}
	vf->group_id = atoi(name);

	vf->container = open("/dev/vfio/vfio", O_RDWR | O_CLOEXEC);
	if (vf->container < 0) {
		err_sys("opening /dev/vfio/vfio");
		return -1;
	}
	api = ioctl(vf->container, VFIO_GET_API_VERSION);
	if (api != VFIO_API_VERSION) {
		err_msg("/dev/vfio/vfio: VFIO API version %d, expected %d", api,
			VFIO_API_VERSION);
		return -1;
	}
	if (ioctl(vf->container, VFIO_CHECK_EXTENSION, VFIO_TYPE1v2_IOMMU) > 0) {
		type = VFIO_TYPE1v2_IOMMU;
	} else if (ioctl(vf->container, VFIO_CHECK_EXTENSION, VFIO_TYPE1_IOMMU) > 0) {
		type = VFIO_TYPE1_IOMMU;
	} else {
		err_msg("/dev/vfio/vfio: no type1 IOMMU support (vfio_iommu_type1 not loaded?)");
		return -1;
	}

	snprintf(path, sizeof(path), "/dev/vfio/%d", vf->group_id);
	vf->group = open(path, O_RDWR | O_CLOEXEC);
	if (vf->group < 0) {
		err_sys("%s: opening its group %s", vf->bdf, path);
		return -1;
	}
	if (ioctl(vf->group, VFIO_GROUP_GET_STATUS, &status)) {
		err_sys("%s: VFIO_GROUP_GET_STATUS", path);
		return -1;
	}
	if (!(status.flags & VFIO_GROUP_FLAGS_VIABLE)) {
		err_msg("%s: group %d is not viable: bind every device in it to vfio-pci",
			vf->bdf, vf->group_id);
		return -1;
	}
	if (ioctl(vf->group, VFIO_GROUP_SET_CONTAINER, &vf->container)) {
		err_sys("%s: VFIO_GROUP_SET_CONTAINER", path);
		return -1;
	}
	if (ioctl(vf->container, VFIO_SET_IOMMU, type)) {
		err_sys("/dev/vfio/vfio: VFIO_SET_IOMMU type %d", type);
		return -1;
	}
	vf->device = ioctl(vf->group, VFIO_GROUP_GET_DEVICE_FD, vf->bdf);
	if (vf->device < 0) {
		err_sys("%s: VFIO_GROUP_GET_DEVICE_FD", vf->bdf);
		return -1;
	}
	if (ioctl(vf->device, VFIO_DEVICE_GET_INFO, &info)) {
		err_sys("%s: VFIO_DEVICE_GET_INFO", vf->bdf);
		return -1;
	}
	if (!(info.flags & VFIO_DEVICE_FLAGS_PCI) ||
	    info.num_regions <= VFIO_PCI_CONFIG_REGION_INDEX) {
		err_msg("%s: not a VFIO PCI device (flags 0x%x, %u regions)", vf->bdf,
			info.flags, info.num_regions);
		return -1;
	}
	if (region_info(vf, VFIO_PCI_CONFIG_REGION_INDEX, &vf->cfg) ||
	    region_info(vf, VFIO_PCI_BAR0_REGION_INDEX, &vf->bar0))
		return -1;
	return 0;
}

static void vf_close(struct vf *vf)
{
	if (vf->dma_mapped) {
		struct vfio_iommu_type1_dma_unmap unmap = {
			.argsz = sizeof(unmap),
			.iova = vf->iova,
			.size = DMA_SIZE,
		};

		if (ioctl(vf->container, VFIO_IOMMU_UNMAP_DMA, &unmap))
			err_sys("%s: VFIO_IOMMU_UNMAP_DMA", vf->bdf);
	}
	if (vf->dma)
		munmap(vf->dma, DMA_SIZE);
	if (vf->regs)
		munmap((void *)vf->regs, vf->regs_len);
	/* Closing the device makes vfio-pci reset the function. */
	if (vf->device >= 0)
		close(vf->device);
	if (vf->group >= 0) {
		if (ioctl(vf->group, VFIO_GROUP_UNSET_CONTAINER) && errno != EINVAL)
			err_sys("%s: VFIO_GROUP_UNSET_CONTAINER", vf->bdf);
		close(vf->group);
	}
	if (vf->container >= 0)
		close(vf->container);
}

static int check_identity(struct vf *vf, bool print)
{
	uint16_t id[2];

	if (cfg_read(vf, PCI_VENDOR_ID, id, sizeof(id)))
		return -1;
	if (print)
		printf("%s: vendor 0x%04x device 0x%04x\n", vf->bdf, id[0], id[1]);
	if (id[0] != VF_VENDOR || id[1] != VF_DEVICE) {
		err_msg("%s: config space says %04x:%04x, not an 82576 VF (%04x:%04x)",
			vf->bdf, id[0], id[1], VF_VENDOR, VF_DEVICE);
		return -1;
	}
	return 0;
}

static const char *region_name(unsigned int i)
{
	static const char * const names[] = {
		"BAR0", "BAR1", "BAR2", "BAR3", "BAR4", "BAR5", "ROM", "config", "VGA",
	};

	return i < ARRAY_SIZE(names) ? names[i] : "device-specific";
}

static int cmd_info(struct vf *vf)
{
	struct vfio_device_info info = { .argsz = sizeof(info) };
	struct vfio_region_info ri;
	uint16_t cmd;
	uint8_t rev;
	unsigned int i;

	if (check_identity(vf, true))
		return 1;
	if (cfg_read(vf, PCI_REVISION_ID, &rev, 1) || cfg_read(vf, PCI_COMMAND, &cmd, 2))
		return 1;
	printf("%s: revision 0x%02x command 0x%04x iommu group %d\n", vf->bdf, rev,
	       cmd, vf->group_id);
	if (ioctl(vf->device, VFIO_DEVICE_GET_INFO, &info)) {
		err_sys("%s: VFIO_DEVICE_GET_INFO", vf->bdf);
		return 1;
	}
	printf("%s: %u regions, %u interrupt types, reset %s\n", vf->bdf,
	       info.num_regions, info.num_irqs,
	       info.flags & VFIO_DEVICE_FLAGS_RESET ? "supported" : "not supported");
	for (i = 0; i < info.num_regions; i++) {
		memset(&ri, 0, sizeof(ri));
		ri.argsz = sizeof(ri);
		ri.index = i;
		/* Regions the device lacks (VGA here) are refused with EINVAL. */
		if (ioctl(vf->device, VFIO_DEVICE_GET_REGION_INFO, &ri)) {
			if (errno == EINVAL)
				continue;
			err_sys("%s: VFIO_DEVICE_GET_REGION_INFO for region %u", vf->bdf, i);
			return 1;
		}
		if (!ri.size)
			continue;
		printf("region %u (%s): size 0x%llx offset 0x%llx flags%s%s%s\n", i,
		       region_name(i), (unsigned long long)ri.size,
		       (unsigned long long)ri.offset,
		       ri.flags & VFIO_REGION_INFO_FLAG_READ ? " read" : "",
		       ri.flags & VFIO_REGION_INFO_FLAG_WRITE ? " write" : "",
		       ri.flags & VFIO_REGION_INFO_FLAG_MMAP ? " mmap" : "");
	}
	return 0;
}

/* BAR0: mapped when VFIO allows it, else accessed with pread/pwrite. */
static int map_bar0(struct vf *vf)
{
	void *p;

	if (vf->bar0.size < 0x4000 || !(vf->bar0.flags & VFIO_REGION_INFO_FLAG_READ)) {
		err_msg("%s: BAR0 is missing or too small (0x%llx bytes)", vf->bdf,
			(unsigned long long)vf->bar0.size);
		return -1;
	}
	if (!(vf->bar0.flags & VFIO_REGION_INFO_FLAG_MMAP))
		return 0;
	p = mmap(NULL, vf->bar0.size, PROT_READ | PROT_WRITE, MAP_SHARED, vf->device,
		 vf->bar0.offset);
	if (p == MAP_FAILED) {
		err_sys("%s: mapping BAR0 (using read/write instead)", vf->bdf);
		return 0;
	}
	vf->regs = p;
	vf->regs_len = vf->bar0.size;
	return 0;
}

static int enable_bus_master(struct vf *vf)
{
	uint16_t cmd;

	if (cfg_read(vf, PCI_COMMAND, &cmd, 2))
		return -1;
	cmd |= PCI_COMMAND_MEMORY | PCI_COMMAND_MASTER;
	if (cfg_write(vf, PCI_COMMAND, &cmd, 2) || cfg_read(vf, PCI_COMMAND, &cmd, 2))
		return -1;
	if (!(cmd & PCI_COMMAND_MASTER)) {
		err_msg("%s: bus mastering did not turn on (command 0x%04x)", vf->bdf, cmd);
		return -1;
	}
	return 0;
}

/*
 * Pick an IOVA for the DMA area inside a range the IOMMU accepts.  The
 * default is used when the kernel does not report ranges.
 */
static uint64_t pick_iova(struct vf *vf)
{
	struct vfio_iommu_type1_info *info;
	struct vfio_iommu_type1_info_cap_iova_range *cap;
	struct vfio_info_cap_header *hdr;
	uint64_t iova = DMA_IOVA_DEFAULT, start, end;
	uint32_t argsz = sizeof(*info), off, i;

	info = calloc(1, argsz);
	if (!info)
		return iova;
	info->argsz = argsz;
	if (ioctl(vf->container, VFIO_IOMMU_GET_INFO, info))
		goto out;
	if (info->argsz > argsz) {
		struct vfio_iommu_type1_info *bigger = realloc(info, info->argsz);

		if (!bigger)
			goto out;
		info = bigger;
		argsz = info->argsz;
		memset(info, 0, argsz);
		info->argsz = argsz;
		if (ioctl(vf->container, VFIO_IOMMU_GET_INFO, info))
			goto out;
	}
	if (!(info->flags & VFIO_IOMMU_INFO_CAPS))
		goto out;
	for (off = info->cap_offset; off && off + sizeof(*hdr) <= argsz; off = hdr->next) {
		hdr = (struct vfio_info_cap_header *)((char *)info + off);
		if (hdr->id != VFIO_IOMMU_TYPE1_INFO_CAP_IOVA_RANGE)
			continue;
		cap = (struct vfio_iommu_type1_info_cap_iova_range *)hdr;
		for (i = 0; i < cap->nr_iovas; i++) {
			if (cap->iova_ranges[i].start <= DMA_IOVA_DEFAULT &&
			    cap->iova_ranges[i].end >= DMA_IOVA_DEFAULT + DMA_SIZE - 1)
				goto out;
		}
		for (i = 0; i < cap->nr_iovas; i++) {
			start = (cap->iova_ranges[i].start + 0xffff) & ~0xffffull;
			end = cap->iova_ranges[i].end;
			if (start && start < end && end - start >= DMA_SIZE - 1) {
				iova = start;
				goto out;
			}
		}
	}
out:
	free(info);
	return iova;
}

static int map_dma(struct vf *vf)
{
	struct vfio_iommu_type1_dma_map map = { .argsz = sizeof(map) };

	vf->dma = mmap(NULL, DMA_SIZE, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (vf->dma == MAP_FAILED) {
		vf->dma = NULL;
		err_sys("allocating %d bytes of DMA memory", DMA_SIZE);
		return -1;
	}
	memset(vf->dma, 0, DMA_SIZE);
	vf->iova = pick_iova(vf);
	map.vaddr = (uintptr_t)vf->dma;
	map.iova = vf->iova;
	map.size = DMA_SIZE;
	map.flags = VFIO_DMA_MAP_FLAG_READ | VFIO_DMA_MAP_FLAG_WRITE;
	if (ioctl(vf->container, VFIO_IOMMU_MAP_DMA, &map)) {
		err_sys("%s: VFIO_IOMMU_MAP_DMA of %d bytes at IOVA 0x%llx", vf->bdf,
			DMA_SIZE, (unsigned long long)vf->iova);
		return -1;
	}
	vf->dma_mapped = true;
	return 0;
}

/* Mailbox, VF side */

/* Read the VF's mailbox control, remembering the read-to-clear bits. */
static uint32_t v2p_read(struct vf *vf)
{
	uint32_t val = rd32(vf, VF_V2PMAILBOX);

	vf->v2p |= val & (V2P_PFSTS | V2P_PFACK | V2P_RSTD);
	return val;
}

/* Did the PF set one of @mask since last asked?  Consumes them. */
static bool v2p_take(struct vf *vf, uint32_t mask)
{
	bool seen;

	v2p_read(vf);
	seen = vf->v2p & mask;
	vf->v2p &= ~mask;
	return seen;
}

static bool wait_bit(struct vf *vf, uint32_t mask, unsigned int timeout_ms)
{
	uint64_t end = now_ms() + timeout_ms;

	do {
		if (v2p_take(vf, mask))
			return true;
		sleep_us(200);
	} while (now_ms() < end && !vf->failed_io);
	return v2p_take(vf, mask);
}

static int mbx_lock(struct vf *vf)
{
	int tries;

	for (tries = 0; tries < 100; tries++) {
		wr32(vf, VF_V2PMAILBOX, V2P_VFU);
		if (v2p_read(vf) & V2P_VFU)
			return 0;
		sleep_us(1000);
	}
	err_msg("%s: mailbox: the PF holds the buffer; could not lock it", vf->bdf);
	return -1;
}

/* Post @n words and wait for the PF to acknowledge them. */
static int mbx_post(struct vf *vf, const uint32_t *msg, unsigned int n)
{
	unsigned int i;

	if (mbx_lock(vf))
		return -1;
	/* Stale notices belong to nothing we are waiting for. */
	vf->v2p &= ~(V2P_PFSTS | V2P_PFACK);
	for (i = 0; i < n; i++)
		wr32(vf, VF_VMBMEM + 4 * i, msg[i]);
	/* Request without the lock bit: posts and releases the buffer. */
	wr32(vf, VF_V2PMAILBOX, V2P_REQ);
	if (!wait_bit(vf, V2P_PFACK, MBX_TIMEOUT_MS)) {
		err_msg("%s: mailbox: the PF did not acknowledge message 0x%08x within %d ms (is the PF driver up?)",
			vf->bdf, msg[0], MBX_TIMEOUT_MS);
		return -1;
	}
	return 0;
}

/* Wait for a message from the PF, read @n words of it and acknowledge. */
static int mbx_receive(struct vf *vf, uint32_t *msg, unsigned int n)
{
	unsigned int i;

	if (!wait_bit(vf, V2P_PFSTS, MBX_TIMEOUT_MS)) {
		err_msg("%s: mailbox: no reply from the PF within %d ms", vf->bdf,
			MBX_TIMEOUT_MS);
		return -1;
	}
	if (mbx_lock(vf))
		return -1;
	for (i = 0; i < n; i++)
		msg[i] = rd32(vf, VF_VMBMEM + 4 * i);
	wr32(vf, VF_V2PMAILBOX, V2P_ACK);
	return vf->failed_io ? -1 : 0;
}

/*
 * Post a request and wait for the reply of the same type; notices the PF
 * sends meanwhile (a link change) are read and skipped.
 */
static int mbx_request(struct vf *vf, const uint32_t *req, unsigned int n,
		       uint32_t *reply, unsigned int reply_n)
{
	uint64_t end;

	if (mbx_post(vf, req, n))
		return -1;
	end = now_ms() + MBX_TIMEOUT_MS;
	do {
		if (mbx_receive(vf, reply, reply_n))
			return -1;
		if (MBX_TYPE(reply[0]) == MBX_TYPE(req[0]))
			return 0;
		fprintf(stderr, "%s: mailbox: skipping PF message 0x%08x\n", prog, reply[0]);
	} while (now_ms() < end);
	err_msg("%s: mailbox: no reply to message 0x%08x", vf->bdf, req[0]);
	return -1;
}

/*
 * Reset the VF, wait until the PF is not in reset, then the reset
 * handshake: the PF answers with the VF's MAC address (if it has one)
 * and lets the VF's queues run.  Returns 1 with @mac filled in, 0 when
 * the PF has no address for the VF, -1 on failure.
 */
static int vf_reset_handshake(struct vf *vf, uint8_t mac[6])
{
	uint32_t req = MBX_VF_RESET, reply[3];
	uint64_t end, t0;
	uint32_t v2p;

	wr32(vf, VF_CTRL, VF_CTRL_RST);
	sleep_us(10000);
	end = now_ms() + RESET_TIMEOUT_MS;
	for (;;) {
		v2p = v2p_read(vf);
		if (vf->failed_io)
			return -1;
		if (!(v2p & (V2P_RSTI | V2P_RSTD)))
			break;
		if (now_ms() >= end) {
			err_msg("%s: the PF is still in reset after %d ms (mailbox 0x%08x): is the PF driver loaded and the port up?",
				vf->bdf, RESET_TIMEOUT_MS, v2p);
			return -1;
		}
		sleep_us(1000);
	}
	vf->v2p = 0;

	t0 = now_ns();
	if (mbx_request(vf, &req, 1, reply, 3))
		return -1;
	vf->reset_req_ns = now_ns() - t0;
	if (reply[0] == (MBX_ACK | MBX_VF_RESET)) {
		mac[0] = reply[1];
		mac[1] = reply[1] >> 8;
		mac[2] = reply[1] >> 16;
		mac[3] = reply[1] >> 24;
		mac[4] = reply[2];
		mac[5] = reply[2] >> 8;
		return 1;
	}
	if (reply[0] == (MBX_NACK | MBX_VF_RESET))
		return 0;
	err_msg("%s: unexpected reset reply 0x%08x from the PF", vf->bdf, reply[0]);
	return -1;
}

static int vf_set_mac(struct vf *vf, const uint8_t mac[6])
{
	uint32_t req[3], reply;
	char buf[18];

	req[0] = MBX_SET_MAC_ADDR;
	req[1] = mac[0] | mac[1] << 8 | mac[2] << 16 | (uint32_t)mac[3] << 24;
	req[2] = mac[4] | mac[5] << 8;
	if (mbx_request(vf, req, 3, &reply, 1))
		return -1;
	if ((reply & (MBX_ACK | MBX_CTS)) != (MBX_ACK | MBX_CTS)) {
		err_msg("%s: the PF refused source address %s (reply 0x%08x)", vf->bdf,
			mac_str(mac, buf), reply);
		return -1;
	}
	return 0;
}

struct send_opts {
	uint8_t dst[6];
	uint8_t src[6];
	bool have_src;
	unsigned int count;
	const char *payload;
};

static size_t build_frame(uint8_t *buf, const struct send_opts *o,
			  const uint8_t src[6], unsigned int seq)
{
	size_t len;
	int n;

	memcpy(buf, o->dst, 6);
	memcpy(buf + 6, src, 6);
	buf[12] = ETHERTYPE_TEST >> 8;
	buf[13] = ETHERTYPE_TEST & 0xff;
	n = snprintf((char *)buf + 14, PAYLOAD_MAX, "%s seq=%u", o->payload, seq);
	len = 14 + (size_t)n;
	if (len < FRAME_MIN)
		len = FRAME_MIN;	/* the buffer is zeroed */
	return len;
}

static int cmd_send(struct vf *vf, const struct send_opts *o)
{
	volatile struct tx_desc *ring;
	uint8_t mac[6];
	char sbuf[18], dbuf[18];
	uint32_t gptc, tdh = 0;
	unsigned int i, done = 0;
	uint64_t start, end;
	int ret;

	if (check_identity(vf, false) || map_bar0(vf) || enable_bus_master(vf) ||
	    map_dma(vf))
		return 1;

	ret = vf_reset_handshake(vf, mac);
	if (ret < 0)
		return 1;
	if (ret == 0 && !o->have_src) {
		err_msg("%s: the PF gave this VF no MAC address and no --src was given (set one with: ip link set PF vf N mac ...)",
			vf->bdf);
		return 1;
	}
	if (ret)
		printf("%s: reset handshake done, the PF gave MAC %s\n", vf->bdf,
		       mac_str(mac, sbuf));
	else
		printf("%s: reset handshake done, the PF gave no MAC\n", vf->bdf);
	if (o->have_src && (!ret || memcmp(mac, o->src, 6))) {
		if (vf_set_mac(vf, o->src))
			return 1;
		memcpy(mac, o->src, 6);
		printf("%s: the PF accepted MAC %s\n", vf->bdf, mac_str(mac, sbuf));
	}

	/* Transmit queue 0: ring and buffers in the DMA area. */
	ring = vf->dma;
	for (i = 0; i < o->count; i++) {
		uint8_t *buf = (uint8_t *)vf->dma + BUF_OFFSET + i * BUF_SIZE;
		size_t len = build_frame(buf, o, mac, i);

		ring[i].addr = vf->iova + BUF_OFFSET + i * BUF_SIZE;
		ring[i].cmd_type_len = len | TXD_DTYP_DATA | TXD_CMD_DEXT | TXD_CMD_EOP |
				       TXD_CMD_IFCS | TXD_CMD_RS;
		ring[i].olinfo_status = (uint32_t)len << TXD_PAYLEN_SHIFT;
	}
	gptc = rd32(vf, VF_GPTC);
	wr32(vf, VF_TXDCTL, 0);
	wr32(vf, VF_TDBAL, (uint32_t)vf->iova);
	wr32(vf, VF_TDBAH, (uint32_t)(vf->iova >> 32));
	wr32(vf, VF_TDLEN, RING_DESCS * sizeof(struct tx_desc));
	wr32(vf, VF_TDH, 0);
	wr32(vf, VF_TDT, 0);
	wr32(vf, VF_TXDCTL, TXDCTL_ENABLE);
	end = now_ms() + 1000;
	while (!(rd32(vf, VF_TXDCTL) & TXDCTL_ENABLE)) {
		if (now_ms() >= end || vf->failed_io) {
			err_msg("%s: transmit queue 0 did not enable (TXDCTL 0x%08x)",
				vf->bdf, rd32(vf, VF_TXDCTL));
			return 1;
		}
		sleep_us(1000);
	}
	__sync_synchronize();
	start = now_ms();
	wr32(vf, VF_TDT, o->count);

	end = start + TX_TIMEOUT_MS;
	do {
		done = 0;
		for (i = 0; i < o->count; i++)
			done += !!(ring[i].olinfo_status & TXD_STAT_DD);
		if (done == o->count)
			break;
		sleep_us(1000);
	} while (now_ms() < end);
	tdh = rd32(vf, VF_TDH);
	gptc = rd32(vf, VF_GPTC) - gptc;
	wr32(vf, VF_TXDCTL, 0);

	printf("%s: sent %u frame(s) %s -> %s ethertype 0x%04x payload \"%s seq=N\"\n",
	       vf->bdf, o->count, mac_str(mac, sbuf), mac_str(o->dst, dbuf),
	       ETHERTYPE_TEST, o->payload);
	printf("%s: descriptor done %u/%u after %llu ms, TDH %u, packets counted %u\n",
	       vf->bdf, done, o->count, (unsigned long long)(now_ms() - start), tdh,
	       gptc);
	if (done != o->count) {
		err_msg("%s: the hardware reported %u of %u frame(s) sent within %d ms (TDH %u): is the VF's transmit enabled by the PF?",
			vf->bdf, done, o->count, TX_TIMEOUT_MS, tdh);
		return 1;
	}
	return 0;
}

static void on_signal(int sig)
{
	stop_signal = sig;
}

static int cmd_hold(struct vf *vf)
{
	struct sigaction sa = { .sa_handler = on_signal };
	struct pollfd pfd = { .fd = STDIN_FILENO, .events = POLLIN };
	sigset_t block, wait_mask;
	char buf[256];
	ssize_t n;

	if (check_identity(vf, false))
		return 1;

	/* Signals arrive only inside ppoll(), so none can be missed. */
	sigemptyset(&block);
	sigaddset(&block, SIGTERM);
	sigaddset(&block, SIGINT);
	if (sigprocmask(SIG_BLOCK, &block, &wait_mask)) {
		err_sys("sigprocmask");
		return 1;
	}
	sigdelset(&wait_mask, SIGTERM);
	sigdelset(&wait_mask, SIGINT);
	sigemptyset(&sa.sa_mask);
	if (sigaction(SIGTERM, &sa, NULL) || sigaction(SIGINT, &sa, NULL)) {
		err_sys("sigaction");
		return 1;
	}

	printf("ready\n");
	if (fflush(stdout)) {
		err_sys("writing to stdout");
		return 1;
	}
	while (!stop_signal) {
		if (ppoll(&pfd, 1, NULL, &wait_mask) < 0) {
			if (errno == EINTR)
				continue;
			err_sys("waiting on stdin");
			return 1;
		}
		n = read(STDIN_FILENO, buf, sizeof(buf));
		if (n == 0)
			break;
		if (n < 0 && errno != EINTR && errno != EAGAIN) {
			err_sys("reading stdin");
			return 1;
		}
	}
	if (stop_signal)
		fprintf(stderr, "%s: %s: releasing on signal %d\n", prog, vf->bdf,
			(int)stop_signal);
	return 0;
}

/* Parse one request of cmd_request() into mailbox words. */
static int parse_request(const char *arg, uint32_t *msg, unsigned int *n)
{
	const char *val = strchr(arg, '=');
	size_t key = val ? (size_t)(val - arg) : strlen(arg);
	unsigned long num;
	uint8_t mac[6];
	char *end;

	val = val ? val + 1 : "";
	memset(msg, 0, MBX_WORDS * sizeof(*msg));
	if ((key == 3 && !strncmp(arg, "mac", key)) ||
	    (key == 6 && !strncmp(arg, "filter", key))) {
		if (parse_mac(val, mac))
			return -1;
		msg[0] = MBX_SET_MAC_ADDR;
		if (arg[0] == 'f')
			msg[0] |= MBX_MAC_FILTER_ADD << MBX_INFO_SHIFT;
		msg[1] = mac[0] | mac[1] << 8 | mac[2] << 16 | (uint32_t)mac[3] << 24;
		msg[2] = mac[4] | mac[5] << 8;
		*n = 3;
		return 0;
	}
	if (!strcmp(arg, "filter-clear")) {
		msg[0] = MBX_SET_MAC_ADDR | MBX_MAC_FILTER_CLR << MBX_INFO_SHIFT;
		*n = 3;
		return 0;
	}
	if (!strncmp(arg, "raw", key) && key == 3) {
		*n = 0;
		while (*val && *n < MBX_WORDS) {
			errno = 0;
			num = strtoul(val, &end, 0);
			if (errno || end == val || num > UINT32_MAX || (*end && *end != ','))
				return -1;
			msg[(*n)++] = num;
			val = *end ? end + 1 : end;
		}
		return *n && !*val ? 0 : -1;
	}
	errno = 0;
	num = strtoul(val, &end, 0);
	if (errno || end == val || *end || num > UINT32_MAX)
		return -1;
	*n = 2;
	msg[1] = num;
	if (key == 8 && !strncmp(arg, "vlan-add", key))
		msg[0] = MBX_SET_VLAN | 1u << MBX_INFO_SHIFT;
	else if (key == 8 && !strncmp(arg, "vlan-del", key))
		msg[0] = MBX_SET_VLAN;
	else if (key == 3 && !strncmp(arg, "lpe", key))
		msg[0] = MBX_SET_LPE;
	else
		return -1;
	return 0;
}

/*
 * A hostile VF driver's requests, answered one by one.  A request that
 * gets no answer at all is a failure; a refusal is an answer.
 */
static int cmd_request(struct vf *vf, int argc, char **argv)
{
	uint32_t msg[MBX_WORDS], reply;
	char buf[256], sbuf[18];
	uint8_t mac[6];
	unsigned int n;
	int i, ret;

	for (i = 0; i < argc; i++) {
		if (strcmp(argv[i], "wait") && parse_request(argv[i], msg, &n)) {
			err_msg("request: '%s' is not a request (see --help)", argv[i]);
			return EXIT_USAGE;
		}
	}
	if (check_identity(vf, false) || map_bar0(vf))
		return 1;
	ret = vf_reset_handshake(vf, mac);
	if (ret < 0)
		return 1;
	printf("%s: reset handshake done, the PF gave %s\n", vf->bdf,
	       ret ? mac_str(mac, sbuf) : "no MAC");
	for (i = 0; i < argc; i++) {
		if (!strcmp(argv[i], "wait")) {
			printf("waiting\n");
			fflush(stdout);
			if (!fgets(buf, sizeof(buf), stdin) && ferror(stdin)) {
				err_sys("reading stdin");
				return 1;
			}
			continue;
		}
		parse_request(argv[i], msg, &n);
		if (mbx_request(vf, msg, n, &reply, 1))
			return 1;
		printf("%s: %s reply 0x%08x\n", argv[i],
		       (reply & MBX_ACK) ? "ACK" : (reply & MBX_NACK) ? "NACK" : "no-flag",
		       reply);
		fflush(stdout);
	}
	return 0;
}

/*
 * A flooding VF driver: requests posted back to back, each overwriting
 * the last, never waiting for the PF.  Acknowledgments are counted as
 * they are seen.  A small xorshift generator, seeded from the time,
 * picks each request.
 */
static int cmd_flood(struct vf *vf, unsigned long count, unsigned long ms)
{
	uint32_t seed = (uint32_t)now_ms() | 1, words[3];
	unsigned long i, acked = 0;
	uint64_t start;
	uint8_t mac[6];

	if (check_identity(vf, false) || map_bar0(vf))
		return 1;
	if (vf_reset_handshake(vf, mac) < 0)
		return 1;
	start = now_ms();
	for (i = 0; (i < count || now_ms() - start < ms) && !vf->failed_io; i++) {
		seed ^= seed << 13;
		seed ^= seed >> 17;
		seed ^= seed << 5;
		switch (seed % 3) {
		case 0:
			words[0] = MBX_SET_LPE;
			words[1] = 60 + seed % 9000;
			break;
		case 1:
			words[0] = MBX_SET_MULTICAST | (seed % 31) << MBX_INFO_SHIFT;
			words[1] = seed;
			break;
		default:
			words[0] = 0x40 + seed % 64;
			words[1] = seed;
			break;
		}
		words[2] = seed >> 8;
		wr32(vf, VF_VMBMEM, words[0]);
		wr32(vf, VF_VMBMEM + 4, words[1]);
		wr32(vf, VF_VMBMEM + 8, words[2]);
		wr32(vf, VF_V2PMAILBOX, V2P_REQ);
		if (v2p_take(vf, V2P_PFACK))
			acked++;
	}
	printf("%s: flood: posted %lu, acknowledged %lu, in %llu ms\n", vf->bdf, i, acked,
	       (unsigned long long)(now_ms() - start));
	return vf->failed_io ? 1 : 0;
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

/*
 * Round trips as a VF driver sees them: post a request, then spin on the
 * mailbox until the PF's answer is readable.  Spinning (no sleep) keeps
 * the client's own delay out of the figure.
 */
static int cmd_rtt(struct vf *vf, unsigned long count)
{
	uint32_t req[2] = { MBX_SET_LPE, 1518 }, reply;
	uint64_t *lat, t0, deadline;
	unsigned long i;
	uint8_t mac[6];
	int ret = 1;

	lat = calloc(count, sizeof(*lat));
	if (!lat) {
		err_sys("calloc");
		return 1;
	}
	if (check_identity(vf, false) || map_bar0(vf))
		goto out;
	t0 = now_ns();
	if (vf_reset_handshake(vf, mac) < 0)
		goto out;
	printf("%s: rtt: reset handshake %llu us, its reset request %llu us\n", vf->bdf,
	       (unsigned long long)((now_ns() - t0) / 1000),
	       (unsigned long long)(vf->reset_req_ns / 1000));
	for (i = 0; i < count; i++) {
		if (mbx_lock(vf))
			goto out;
		vf->v2p &= ~(V2P_PFSTS | V2P_PFACK);
		wr32(vf, VF_VMBMEM, req[0]);
		wr32(vf, VF_VMBMEM + 4, req[1]);
		t0 = now_ns();
		wr32(vf, VF_V2PMAILBOX, V2P_REQ);
		deadline = t0 + (uint64_t)MBX_TIMEOUT_MS * 1000000u;
		while (!v2p_take(vf, V2P_PFSTS)) {
			if (now_ns() > deadline || vf->failed_io) {
				err_msg("%s: rtt: no answer to request %lu within %d ms", vf->bdf,
					i, MBX_TIMEOUT_MS);
				goto out;
			}
		}
		lat[i] = now_ns() - t0;
		if (mbx_lock(vf))
			goto out;
		reply = rd32(vf, VF_VMBMEM);
		wr32(vf, VF_V2PMAILBOX, V2P_ACK);
		if (MBX_TYPE(reply) != MBX_SET_LPE || !(reply & MBX_ACK)) {
			err_msg("%s: rtt: unexpected answer 0x%08x", vf->bdf, reply);
			goto out;
		}
	}
	qsort(lat, count, sizeof(*lat), cmp_u64);
	printf("%s: rtt: %lu requests p50 %llu us p90 %llu us p99 %llu us\n", vf->bdf, count,
	       (unsigned long long)(lat[count / 2] / 1000),
	       (unsigned long long)(lat[count * 9 / 10] / 1000),
	       (unsigned long long)(lat[count * 99 / 100] / 1000));
	ret = 0;
out:
	free(lat);
	return ret;
}

static int parse_send(int argc, char **argv, struct send_opts *o)
{
	static const uint8_t zero[6];
	bool have_dst = false;
	unsigned long count;
	char *end;
	int i;

	memset(o, 0, sizeof(*o));
	o->count = 1;
	o->payload = "vfmgr-vfio-client";
	for (i = 0; i < argc; i++) {
		const char *opt = argv[i], *val = i + 1 < argc ? argv[i + 1] : NULL;

		if (!strcmp(opt, "--help") || !strcmp(opt, "-h")) {
			usage(stdout);
			exit(0);
		}
		if (!val) {
			err_msg("send: %s needs a value", opt);
			return -1;
		}
		i++;
		if (!strcmp(opt, "--dst")) {
			if (parse_mac(val, o->dst) || !memcmp(o->dst, zero, 6)) {
				err_msg("send: --dst: '%s' is not a MAC address", val);
				return -1;
			}
			have_dst = true;
		} else if (!strcmp(opt, "--src")) {
			if (parse_mac(val, o->src) || (o->src[0] & 1) ||
			    !memcmp(o->src, zero, 6)) {
				err_msg("send: --src: '%s' is not a unicast MAC address", val);
				return -1;
			}
			o->have_src = true;
		} else if (!strcmp(opt, "--count")) {
			errno = 0;
			count = strtoul(val, &end, 10);
			if (errno || *end || end == val || count < 1 || count > RING_DESCS) {
				err_msg("send: --count: '%s' is not a number from 1 to %d",
					val, RING_DESCS);
				return -1;
			}
			o->count = count;
		} else if (!strcmp(opt, "--payload")) {
			if (strlen(val) > PAYLOAD_MAX - 32) {
				err_msg("send: --payload: longer than %d bytes", PAYLOAD_MAX - 32);
				return -1;
			}
			o->payload = val;
		} else {
			err_msg("send: unknown option '%s'", opt);
			return -1;
		}
	}
	if (!have_dst) {
		err_msg("send: --dst MAC is required");
		return -1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	struct send_opts so;
	struct vf vf = { .container = -1, .group = -1, .device = -1 };
	unsigned long flood = 0, flood_ms = 0;
	const char *cmd;
	char *end;
	int ret;

	if (argc > 1 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
		usage(stdout);
		return 0;
	}
	if (argc < 3) {
		usage(stderr);
		return EXIT_USAGE;
	}
	cmd = argv[2];
	if (!strcmp(cmd, "send")) {
		if (parse_send(argc - 3, argv + 3, &so)) {
			fprintf(stderr, "Try '%s --help'.\n", prog);
			return EXIT_USAGE;
		}
	} else if (!strcmp(cmd, "flood") || !strcmp(cmd, "rtt")) {
		errno = 0;
		flood = argc >= 4 ? strtoul(argv[3], &end, 10) : 0;
		if (argc < 4 || errno || *end || !flood || flood > 1000000) {
			err_msg("%s needs a number of requests, 1 to 1000000 (see --help)", cmd);
			return EXIT_USAGE;
		}
		if (argc == 5 && !strcmp(cmd, "flood")) {
			flood_ms = strtoul(argv[4], &end, 10);
			if (errno || *end || flood_ms > 600000) {
				err_msg("flood's duration is 0 to 600000 milliseconds (see --help)");
				return EXIT_USAGE;
			}
		} else if (argc > 4) {
			err_msg("%s takes %s (see --help)", cmd,
				strcmp(cmd, "flood") ? "one number" : "a count and a duration at most");
			return EXIT_USAGE;
		}
	} else if (!strcmp(cmd, "request")) {
		if (argc < 4) {
			err_msg("request needs at least one request (see --help)");
			return EXIT_USAGE;
		}
	} else if (strcmp(cmd, "info") && strcmp(cmd, "hold")) {
		err_msg("unknown command '%s'", cmd);
		usage(stderr);
		return EXIT_USAGE;
	} else if (argc > 3) {
		err_msg("%s takes no options", cmd);
		return EXIT_USAGE;
	}

	ret = vf_open(&vf, argv[1]);
	if (ret) {
		vf_close(&vf);
		return ret == -EXIT_USAGE ? EXIT_USAGE : 1;
	}
	if (!strcmp(cmd, "info"))
		ret = cmd_info(&vf);
	else if (!strcmp(cmd, "send"))
		ret = cmd_send(&vf, &so);
	else if (!strcmp(cmd, "request"))
		ret = cmd_request(&vf, argc - 3, argv + 3);
	else if (!strcmp(cmd, "flood"))
		ret = cmd_flood(&vf, flood, flood_ms);
	else if (!strcmp(cmd, "rtt"))
		ret = cmd_rtt(&vf, flood);
	else
		ret = cmd_hold(&vf);
	vf_close(&vf);
	return ret;
}
