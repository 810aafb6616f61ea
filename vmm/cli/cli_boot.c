// SPDX-License-Identifier: GPL-2.0-only
/*
 * pvprobe boot: layer 3 with a real guest kernel.  Boots a bzImage (or
 * vmlinux) in pvprobe's own VM and sets the kernel's PV decisions, from
 * its console and from KVM's MSRs, beside the Linux guest policy model.
 */
#include <errno.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "boot_initrd.h"
#include "boot_report.h"
#include "cli_config.h"
#include "cli_initramfs.h"
#include "cli_output.h"
#include "pvprobe_exit.h"
#include "stop.h"

#define BOOT_MAX_TIMEOUT_S	86400u

static void boot_help(FILE *f)
{
	char usage[64];

	fprintf(f,
		"usage: pvprobe boot --kernel BZIMAGE [--mask SPEC] [--hints SPEC] [--layout L]\n"
		"                    [--no-enforce] [--vcpus N] [--append ARGS] [--memory MIB]\n"
		"                    [--stall S] [--timeout S] [--console FILE] [--self]\n"
		"                    [--self-module FILE]... [--save-cpuid FILE]\n"
		"                    [--save-json FILE] %s\n"
		"\n"
		"Boot an unmodified x86-64 Linux kernel in pvprobe's own VM with CPUID\n"
		"0x40000001 from SPEC, and compare the PV decisions the guest kernel makes\n"
		"(kvm-clock, steal time, PV EOI, async PF, PV TLB flush, PV sched yield, PV\n"
		"IPIs, PV spinlocks, haltpoll, clocksource) as its console log and KVM's PV\n"
		"MSRs show them with what the Linux guest policy model predicts from the\n"
		"CPUID the guest sees, the vCPU count and the command line.  The kernel is\n"
		"decompressed on the host and entered at its 64-bit entry point; there is\n"
		"no disk: the boot ends when the kernel is past its PV decisions.\n"
		"\n"
		"  -k, --kernel FILE   bzImage (gzip, xz, lzma, zstd, lz4) or vmlinux ELF;\n"
		"                      default $PVPROBE_GUEST_KERNEL (missing there: skip)\n"
		"  -m, --mask SPEC     CPUID 0x40000001 eax (default: host)\n"
		"      --hints SPEC    CPUID 0x40000001 edx (default: host)\n"
		"      --no-enforce    leave KVM_CAP_ENFORCE_PV_FEATURE_CPUID off\n"
		"      --layout L      where the hypervisor leaves go (see pvprobe check --help)\n"
		"      --vcpus N       vCPUs, 1-%d (default 2: PV spinlocks, PV TLB flush, PV\n"
		"                      sched yield and PV IPIs need two)\n"
		"      --append ARGS   more kernel command line (nopvspin, no-kvmclock, ...)\n"
		"      --memory MIB    guest RAM, %u-%u (default %u)\n"
		"      --stall S       fail when the guest makes no progress for S seconds: no\n"
		"                      console output, no exit, no vCPU's RIP moving; 0: no\n"
		"                      stall check (default %u)\n"
		"      --timeout S     deadline of the whole boot, however it moves (default %u)\n"
		"      --console FILE  write the guest's console log to FILE\n"
		"      --self          boot with pvprobe's self-check initramfs: its /init runs\n"
		"                      pvprobe self inside the guest and sends the report\n"
		"                      back (a checksummed frame on port 0xe9); it is shown\n"
		"                      as a fourth view per decision, \"not reached\" with the\n"
		"                      reason where the boot ends before /init\n"
		"      --self-module FILE  a kernel module for the self-check initramfs\n"
		"                      (.ko, .ko.xz, .ko.zst, .ko.gz; decompressed here),\n"
		"                      loaded by its /init before pvprobe self (repeatable,\n"
		"                      in order; at most %d).  Default with --self: the\n"
		"                      msr driver found beside the kernel (msr.ko*) or in\n"
		"                      /lib/modules/RELEASE, so that the guest reads its PV\n"
		"                      MSRs and compares them with KVM's\n"
		"      --save-cpuid FILE  write the CPUID the guest saw to FILE as cpuid -1 -r\n"
		"                      (with --console, the input of pvprobe explain)\n"
		"      --save-json FILE  also write the --json report to FILE, whatever\n"
		"                      stdout's format (one boot, both read-outs)\n"
		"      --expect D=V    the guest must decide V for decision D (repeatable),\n"
		"                      e.g. --expect pv-sched-yield=off; checked against the\n"
		"                      model and everything observed\n",
		out_usage(REPORT_BOOT, usage, sizeof(usage)), PV_MAX_VCPUS, BOOT_RAM_MIN_MIB,
		BOOT_RAM_MAX_MIB, BOOT_RAM_DEFAULT_MIB, BOOT_DEFAULT_STALL_MS / 1000,
		BOOT_DEFAULT_TIMEOUT_MS / 1000, BOOT_INITRD_MAX_MODULES);
	out_help(f, REPORT_BOOT);
	fprintf(f,
		"  -h, --help          this text\n"
		"\n"
		CLI_SPEC_HELP
		"\n"
		"Exit: 0 every decision agrees with the model, 1 a decision differs, is not\n"
		"seen, or the boot did not get past its PV decisions, 2 bad usage or an\n"
		"unusable kernel image or --self-module, 4 no usable /dev/kvm.\n");
}

static int write_console(const char *path, const struct boot_result *r)
{
	FILE *f = fopen(path, "w");

	if (!f) {
		fprintf(stderr, "pvprobe boot: --console %s: %s\n", path, strerror(errno));
		return -1;
	}
	if (r->console_len)
		fwrite(r->console, 1, r->console_len, f);
	if (fclose(f)) {
		fprintf(stderr, "pvprobe boot: --console %s: %s\n", path, strerror(errno));
		return -1;
	}
	return 0;
}

/*
 * The guest-visible CPUID (the model's input) as `cpuid -1 -r` prints it,
 * so that pvprobe explain --cpuid FILE --log CONSOLE reads this boot.
 */
static int write_cpuid(const char *path, const struct boot_result *r)
{
	FILE *f = fopen(path, "w");
	uint32_t i;

	if (!f) {
		fprintf(stderr, "pvprobe boot: --save-cpuid %s: %s\n", path, strerror(errno));
		return -1;
	}
	fprintf(f, "CPU:\n");
	for (i = 0; r->guest_cpuid && i < r->guest_cpuid->nent; i++) {
		const struct kvm_cpuid_entry2 *e = &r->guest_cpuid->entries[i];

		fprintf(f, "   0x%08x 0x%02x: eax=0x%08x ebx=0x%08x ecx=0x%08x edx=0x%08x\n",
			e->function, e->index, e->eax, e->ebx, e->ecx, e->edx);
	}
	if (fclose(f)) {
		fprintf(stderr, "pvprobe boot: --save-cpuid %s: %s\n", path, strerror(errno));
		return -1;
	}
	return 0;
}

/*
 * The --json report beside stdout's format: a test can check the KTAP of
 * a boot and also compare its decisions with pvprobe explain's, from one
 * boot (tests/boot_explain.py) instead of two.
 */
static int write_json(const char *path, const struct boot_result *r)
{
	FILE *f = fopen(path, "w");

	if (!f) {
		fprintf(stderr, "pvprobe boot: --save-json %s: %s\n", path, strerror(errno));
		return -1;
	}
	boot_render(r, OUT_JSON, f);
	if (fclose(f)) {
		fprintf(stderr, "pvprobe boot: --save-json %s: %s\n", path, strerror(errno));
		return -1;
	}
	return 0;
}

/*
 * The self-check initramfs for --self: the embedded archive, with the
 * modules given (@paths), or else the msr driver found for this kernel,
 * appended.  Every module is input: a bad one exits 2 naming it, before
 * KVM is touched.  Without a module the guest cannot read its MSRs
 * (arch/x86/kernel/msr.c is the only way from user space), and the
 * report says so.
 */
static int self_initrd(struct boot_options *o, const struct boot_kernel *k,
		       const char *const *paths, int n, struct boot_module *mods, char *found,
		       size_t found_size, uint8_t **initrd)
{
	char err[BOOT_INITRD_ERR_MAX];
	const char *one[1] = { found };
	size_t len, at = 0;
	int i, auto_found = 0;

	o->initrd = pv_self_initramfs;
	o->initrd_len = cli_initramfs_size();
	if (!n) {
		if (boot_module_find_msr(o->kernel, k->release, found, found_size)) {
			snprintf(o->self_modules, sizeof(o->self_modules),
				 "none: no msr.ko beside the kernel nor in /lib/modules/%s (--self-module FILE)",
				 k->release[0] ? k->release : "RELEASE");
			return PV_EXIT_OK;
		}
		paths = one;
		n = 1;
		auto_found = 1;
	}
	for (i = 0; i < n; i++) {
		if (boot_module_read(paths[i], &mods[i], err, sizeof(err))) {
			while (i--)
				boot_module_free(&mods[i]);
			return cli_usage_error("boot", "--self-module %s", err);
		}
		/* The guest's loader refuses another release (kernel/module/version.c); it says so then. */
		if (k->release[0] && strncmp(mods[i].vermagic, k->release, strlen(k->release)))
			fprintf(stderr, "pvprobe boot: %s: vermagic \"%s\" is not for Linux %s: the guest will likely refuse it\n",
				paths[i], mods[i].vermagic, k->release);
		at += snprintf(o->self_modules + at, at < sizeof(o->self_modules) ?
			       sizeof(o->self_modules) - at : 0, "%s%s (%s%s%zu bytes%s)", i ? ", " : "",
			       mods[i].name, mods[i].codec, mods[i].codec[0] ? " -> " : "",
			       mods[i].elf_len, auto_found ? ", found beside the kernel or in /lib/modules" : "");
	}
	if (at >= sizeof(o->self_modules))
		at = sizeof(o->self_modules) - 1;
	i = boot_initrd_build(pv_self_initramfs, cli_initramfs_size(), mods, n, initrd, &len);
	while (n--)
		boot_module_free(&mods[n]);
	if (i) {
		fprintf(stderr, "pvprobe boot: out of memory for the initramfs\n");
		return PV_EXIT_FAIL;
	}
	o->initrd = *initrd;
	o->initrd_len = len;
	return PV_EXIT_OK;
}

int cmd_boot(int argc, char **argv)
{
	static const struct option own[] = {
		{ "mask", required_argument, NULL, 'm' },
		{ "hints", required_argument, NULL, 'H' },
		{ "no-enforce", no_argument, NULL, 'E' },
		{ "vcpus", required_argument, NULL, 'v' },
		{ "layout", required_argument, NULL, 'L' },
		{ "kernel", required_argument, NULL, 'k' },
		{ "append", required_argument, NULL, 'a' },
		{ "memory", required_argument, NULL, 'M' },
		{ "timeout", required_argument, NULL, 'T' },
		{ "stall", required_argument, NULL, 'S' },
		{ "console", required_argument, NULL, 'c' },
		{ "save-cpuid", required_argument, NULL, 'C' },
		{ "save-json", required_argument, NULL, 'J' },
		{ "expect", required_argument, NULL, 'X' },
		{ "self", no_argument, NULL, 'I' },
		{ "self-module", required_argument, NULL, 'K' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	static struct boot_module mods[BOOT_INITRD_MAX_MODULES];
	const char *mod_path[BOOT_INITRD_MAX_MODULES];
	static char found[4096];
	uint8_t *initrd = NULL;
	int nr_mods = 0, want_self = 0;
	struct boot_options o = { 0 };
	const char *console = NULL, *save_cpuid = NULL, *save_json = NULL;
	unsigned long n, mem = BOOT_RAM_DEFAULT_MIB, timeout_s = BOOT_DEFAULT_TIMEOUT_MS / 1000;
	unsigned long stall_s = BOOT_DEFAULT_STALL_MS / 1000;
	int seen_mem = 0, seen_timeout = 0, seen_stall = 0, c, rc;
	const struct option *opts;
	struct cli_output out;
	struct boot_result r;
	struct boot_kernel k;
	struct cli_config cc;
	uint64_t t0;
	struct host_view hv;
	struct kvm_sys kvm;
	char err[PV_ERR_MAX];

	cli_config_init(&cc, "boot", 2);
	opts = cli_output_init(&out, "boot", REPORT_BOOT, own);
	while ((c = cli_config_next(&cc, argc, argv, ":hk:" CLI_CONFIG_SHORTOPTS, opts)) != -1) {
		if (cli_output_opt(&out, c, optarg))
			continue;
		switch (c) {
		case 'k':
			if (o.kernel)
				return cli_usage_error("boot", "--kernel given twice");
			o.kernel = optarg;
			break;
		case 'C':
			if (save_cpuid)
				return cli_usage_error("boot", "--save-cpuid given twice");
			save_cpuid = optarg;
			break;
		case 'J':
			if (save_json)
				return cli_usage_error("boot", "--save-json given twice");
			save_json = optarg;
			break;
		case 'a':
			if (o.append)
				return cli_usage_error("boot", "--append given twice: put all the arguments in one");
			o.append = optarg;
			break;
		case 'M':
			if (seen_mem++)
				return cli_usage_error("boot", "--memory given twice");
			if (cli_parse_uint("boot", "--memory", optarg, BOOT_RAM_MIN_MIB,
					   BOOT_RAM_MAX_MIB, &mem))
				return PV_EXIT_USAGE;
			break;
		case 'T':
			if (seen_timeout++)
				return cli_usage_error("boot", "--timeout given twice");
			if (cli_parse_uint("boot", "--timeout", optarg, 1, BOOT_MAX_TIMEOUT_S, &n))
				return PV_EXIT_USAGE;
			timeout_s = n;
			break;
		case 'S':
			if (seen_stall++)
				return cli_usage_error("boot", "--stall given twice");
			if (cli_parse_uint("boot", "--stall", optarg, 0, BOOT_MAX_TIMEOUT_S, &n))
				return PV_EXIT_USAGE;
			stall_s = n;
			break;
		case 'c':
			if (console)
				return cli_usage_error("boot", "--console given twice");
			console = optarg;
			break;
		case 'X':
			if (o.nr_expect == BOOT_MAX_EXPECT)
				return cli_usage_error("boot", "at most %d --expect", BOOT_MAX_EXPECT);
			if (boot_expect_parse(optarg, &o.expect[o.nr_expect], err, sizeof(err)))
				return cli_usage_error("boot", "%s", err);
			o.nr_expect++;
			break;
		case 'I':
			want_self = 1;
			break;
		case 'K':
			if (nr_mods == BOOT_INITRD_MAX_MODULES)
				return cli_usage_error("boot", "at most %d --self-module", BOOT_INITRD_MAX_MODULES);
			mod_path[nr_mods++] = optarg;
			break;
		case 'h':
			boot_help(stdout);
			return PV_EXIT_OK;
		default:
			return PV_EXIT_USAGE;
		}
	}
	if (cli_no_operands("boot", argc, argv) || cli_config_check(&cc))
		return PV_EXIT_USAGE;
	if (cli_output_check(&out))
		return PV_EXIT_USAGE;
	if (nr_mods && !want_self)
		return cli_usage_error("boot", "--self-module puts a module into the self-check initramfs: add --self");
	if (!o.kernel) {
		/* The test suite's kernel (ci/guest-kernel): none there is a skip. */
		o.kernel = getenv("PVPROBE_GUEST_KERNEL");
		if (!o.kernel || !*o.kernel)
			return cli_usage_error("boot", "--kernel FILE is required (a bzImage or vmlinux; ci/guest-kernel fetches Debian's cloud kernel)");
		if (access(o.kernel, R_OK)) {
			snprintf(err, sizeof(err), "no guest kernel: PVPROBE_GUEST_KERNEL=%s: %s (run ci/guest-kernel, or pass --kernel)",
				 o.kernel, strerror(errno));
			out_skip_all(out.fmt, err, stdout);
			return cli_run_error("boot", PV_EXIT_SKIP, err);
		}
	}
	/* The modules are input too: each one is checked before the kernel is read. */
	for (c = 0; c < nr_mods; c++) {
		if (boot_module_read(mod_path[c], &mods[0], err, sizeof(err)))
			return cli_usage_error("boot", "--self-module %s", err);
		boot_module_free(&mods[0]);
	}
	if (access(o.kernel, R_OK))
		return cli_usage_error("boot", "--kernel %s: %s", o.kernel, strerror(errno));
	if (o.append && strlen(o.append) > BOOT_CMDLINE_MAX / 2)
		return cli_usage_error("boot", "--append is %zu bytes; at most %u", strlen(o.append),
				       BOOT_CMDLINE_MAX / 2);

	/* The image is input: read and check it before KVM is touched. */
	t0 = boot_now_ns();
	if (boot_kernel_open(o.kernel, &k, err, sizeof(err)))
		return cli_run_error("boot", PV_EXIT_USAGE, err);
	o.kernel_ms = (boot_now_ns() - t0) / 1e6;
	if (want_self) {
		rc = self_initrd(&o, &k, mod_path, nr_mods, mods, found, sizeof(found), &initrd);
		if (rc != PV_EXIT_OK) {
			boot_kernel_free(&k);
			return rc;
		}
	}

	rc = cli_config_resolve(&cc, &kvm, &hv);
	if (rc != PV_EXIT_OK) {
		boot_kernel_free(&k);
		free(initrd);
		return rc;
	}
	o.eax = cc.cfg.eax;
	o.edx = cc.cfg.edx;
	o.layout = cc.cfg.layout;
	o.enforce = cc.cfg.enforce;
	o.nr_vcpus = cc.cfg.nr_vcpus;
	o.ram_mib = mem;
	o.timeout_ms = timeout_s * 1000;
	o.stall_ms = stall_s * 1000;

	/*
	 * SIGINT/SIGTERM: the vCPUs stop at once (BOOT_END_INTERRUPTED), the
	 * VM is torn down as usual, what the console showed so far is
	 * reported (KTAP: the rest SKIP), and the exit is 130/143.
	 */
	if (stop_install() == 0)
		stop_end_runs();
	rc = boot_linux(&kvm, &o, &k, &r, err, sizeof(err));
	kvm_sys_close(&kvm);
	boot_kernel_free(&k);
	if (initrd) {
		/* The report only asks whether there was one. */
		free(initrd);
		o.initrd = pv_self_initramfs;
		o.initrd_len = cli_initramfs_size();
	}
	if (console && write_console(console, &r))
		rc = rc == PV_EXIT_OK ? PV_EXIT_FAIL : rc;
	if (save_cpuid && write_cpuid(save_cpuid, &r))
		rc = rc == PV_EXIT_OK ? PV_EXIT_FAIL : rc;
	if (rc != PV_EXIT_OK && r.end == BOOT_END_NONE) {
		boot_result_free(&r);
		return stop_signal() ? stop_exit_code() : cli_run_error("boot", rc, err);
	}
	boot_render(&r, out.fmt, stdout);
	if (save_json && write_json(save_json, &r))
		rc = rc == PV_EXIT_OK ? PV_EXIT_FAIL : rc;
	if (stop_signal()) {
		fflush(stdout);
		fprintf(stderr, "pvprobe boot: interrupted by %s after %.1f s\n", stop_signal_name(),
			r.boot_ms / 1000);
		boot_result_free(&r);
		return stop_exit_code();
	}
	if (rc != PV_EXIT_OK) {
		fprintf(stderr, "pvprobe boot: MISMATCH: %s\n",
			r.end != BOOT_END_DONE ? err : "the guest kernel's PV decisions differ from the model (see above)");
		if (r.end != BOOT_END_DONE) {
			fprintf(stderr, "pvprobe boot: the console's last lines:\n");
			boot_report_console_tail(&r, 15, "  | ", stderr);
		}
	}
	boot_result_free(&r);
	return rc;
}
