// SPDX-License-Identifier: GPL-2.0-only
/*
 * pvprobe qemu: run pvprobe's PVH guest under the user's QEMU and compare
 * host KVM, QEMU's claim, the guest's view and KVM's behaviour.
 */
#include <errno.h>
#include <getopt.h>
#include <unistd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/kvm.h>

#include "cli.h"
#include "boot.h"
#include "boot_kernel.h"
#include "cli_config.h"
#include "cli_initramfs.h"
#include "host_facts.h"
#include "kvm_sys.h"
#include "pvprobe_exit.h"
#include "qemu_report.h"

#define MAX_USER_ARGS	96

extern const unsigned char pv_pvh_image[];
extern const size_t pv_pvh_image_size;

static void qemu_help(FILE *f)
{
	fprintf(f,
		"usage: pvprobe qemu [--qemu BINARY] [--timeout S] [--json | --tap]\n"
		"                    [--expect PROBE=OUTCOME]... -- QEMU-ARGS...\n"
		"       pvprobe qemu --kernel BZIMAGE [--pvh] [--append ARGS] [--qemu BINARY] [--timeout S]\n"
		"                    [--json | --tap] -- QEMU-ARGS...\n"
		"\n"
		"Boot pvprobe's guest (a PVH image) in QEMU with QEMU-ARGS (-cpu, -machine,\n"
		"-accel kvm: added when no -accel is given) and show four layers of CPUID\n"
		"0x40000001: what host KVM offers, what QEMU claims (over QMP), what the\n"
		"guest sees, and what KVM does under QEMU (every MSR probe, judged by the\n"
		"model with the guest's CPUID and QEMU's kvm-pv-enforce-cpuid).  Every\n"
		"difference between adjacent layers is named with its cause.\n"
		"pvprobe adds -display none -nodefaults -no-reboot -S, -m 4M (unless -m is\n"
		"given), the PVH image as -kernel, isa-debugcon and isa-debug-exit, and QMP.\n"
		"With -smp 2 or more the guest starts one AP (INIT-SIPI-SIPI) and KICK_CPU\n"
		"and SEND_IPI run against it.  -accel tcg runs the guest without KVM: only\n"
		"its own view and the AP bring-up are shown.\n"
		"\n"
		"      --qemu BINARY   the QEMU to run (default " QEMU_DEFAULT_BINARY ")\n"
		"      --timeout S     deadline of the whole run (default %d s)\n"
		"      --json          one JSON object\n"
		"      --tap           KTAP: the run, then one test point per difference\n"
		"      --expect PROBE=OUTCOME  replace the model's expectation for PROBE\n"
		"      --kernel BZIMAGE  boot this Linux instead, with pvprobe's self-check\n"
		"                      initramfs (its /init runs pvprobe self and sends the\n"
		"                      report on isa-debugcon), the console on the serial\n"
		"                      port: QEMU's claim beside what the booted kernel saw\n"
		"                      and decided, judged by the Linux guest policy model\n"
		"                      fed with QEMU's claim (default timeout %d s; -accel\n"
		"                      tcg is allowed here: no KVM leaves, no /dev/kvm)\n"
		"      --append ARGS   more kernel command line (with --kernel)\n"
		"      --pvh           with --kernel: decompress the bzImage here and give QEMU\n"
		"                      the vmlinux, entered through its PVH note (no in-guest\n"
		"                      decompressor: on kvm_pvm it stops at zstd's shlx)\n"
		"  -h, --help          this text\n"
		"\n"
		"Exit: 0 consistent; 1 a difference no recorded rule explains, or the guest\n"
		"did not finish (garbage, a stream cut short, the deadline); 2 bad usage or\n"
		"a -cpu string QEMU refuses (its message is shown); 4 no QEMU, no usable\n"
		"/dev/kvm, or an accelerator other than kvm or tcg.  With --kernel: 1 also when no\n"
		"self-report came back (the reason is named: where the boot stopped).\n",
		QEMU_DEFAULT_TIMEOUT_S, QEMU_LINUX_TIMEOUT_S);
}

/* The value of -accel, or of accel= in -machine, if any. */
static const char *given_accel(char **args, int n, int *enable_kvm)
{
	int i;

	*enable_kvm = 0;
	for (i = 0; i < n; i++) {
		if (!strcmp(args[i], "-enable-kvm"))
			*enable_kvm = 1;
		if (i + 1 < n && !strcmp(args[i], "-accel"))
			return args[i + 1];
		if (i + 1 < n && (!strcmp(args[i], "-machine") || !strcmp(args[i], "-M"))) {
			const char *a = strstr(args[i + 1], "accel=");

			if (a)
				return a + 6;
		}
	}
	return NULL;
}

/*
 * kvm_pvm refuses a write of MSR_IA32_ARCH_CAPABILITIES, and QEMU 7.2 then
 * aborts (target/i386/kvm/kvm.c kvm_buf_set_msrs() asserts): -cpu host and
 * max get ",-arch-capabilities" unless the user said otherwise.  This is
 * what tests/bench_qemu_boot.sh does too.
 */
static void fix_cpu(char **args, int n, const char *backend, char *buf, size_t len,
		    char *notes, size_t nlen)
{
	int i;

	if (strcmp(backend, "kvm_pvm"))
		return;
	for (i = 0; i + 1 < n; i++) {
		const char *c = args[i + 1];

		if (strcmp(args[i], "-cpu") || strstr(c, "arch-capabilities") ||
		    (strncmp(c, "host", 4) && strncmp(c, "max", 3)) || (c[c[0] == 'h' ? 4 : 3] != '\0' &&
									c[c[0] == 'h' ? 4 : 3] != ','))
			continue;
		snprintf(buf, len, "%s,-arch-capabilities", c);
		args[i + 1] = buf;
		snprintf(notes, nlen, "added -arch-capabilities to -cpu %s: kvm_pvm refuses MSR_IA32_ARCH_CAPABILITIES "
			 "writes and QEMU 7.2 aborts in kvm_buf_set_msrs()", c);
	}
}

static int parse_expect(struct qemu_report *rep, const char *arg)
{
	const char *eq = strchr(arg, '=');
	char name[96];
	int k = rep->nr_expect;

	if (k == (int)(sizeof(rep->expect) / sizeof(rep->expect[0])))
		return cli_usage_error("qemu", "too many --expect");
	if (!eq || eq == arg || (size_t)(eq - arg) >= sizeof(name))
		return cli_usage_error("qemu", "--expect '%s': give PROBE=OUTCOME", arg);
	memcpy(name, arg, (size_t)(eq - arg));
	name[eq - arg] = '\0';
	rep->expect[k].p = probe_by_name(name);
	if (!rep->expect[k].p)
		return cli_usage_error("qemu", "--expect '%s': no probe '%s' (pvprobe probes lists them)", arg, name);
	if (outcome_parse(eq + 1, &rep->expect[k].out))
		return cli_usage_error("qemu", "--expect '%s': '%s' is no outcome", arg, eq + 1);
	rep->nr_expect++;
	return 0;
}

/* QEMU refused to start: the accelerator (skip) or the arguments (usage). */
static int early_exit(const struct qemu_report *rep)
{
	const char *e = rep->run.qemu_err;

	if (strstr(e, "failed to initialize kvm") || strstr(e, "/dev/kvm") ||
	    strstr(e, "No accelerator found")) {
		fprintf(stderr, "pvprobe qemu: SKIP: QEMU cannot use KVM: %s", e);
		return PV_EXIT_SKIP;
	}
	fprintf(stderr, "pvprobe qemu: QEMU refused its arguments (exit %d): %s%s", rep->run.exit_status,
		e[0] ? e : "(no message)\n", e[0] && e[strlen(e) - 1] != '\n' ? "\n" : "");
	return PV_EXIT_USAGE;
}

/* The kernel command line of --kernel: the console on the serial port QEMU writes to a file. */
#define QEMU_LINUX_BASE_ARGS	"console=ttyS0 earlyprintk=ttyS0 panic=-1"

static int run_kernel(const char *qemu, unsigned long timeout_s, char **args, int n,
		      const char *kernel, const char *append, int pvh, int tcg, enum out_format fmt)
{
	struct boot_kernel k = { 0 };
	const char *host_args;
	static struct qemu_linux_report rep;
	struct kvm_cpuid2 *supported = NULL;
	char cpubuf[512], err[512], backend[64];
	struct kvm_sys kvm;
	const char *e;
	int rc;

	memset(&rep, 0, sizeof(rep));
	rep.kernel = kernel;
	rep.kvm_accel = !tcg;
	rep.nr_cpus = qemu_linux_smp(args, n);
	snprintf(rep.append, sizeof(rep.append), "%s%s%s", QEMU_LINUX_BASE_ARGS,
		 append ? " " : "", append ? append : "");
	if (!tcg) {
		rc = kvm_sys_open(&kvm, err, sizeof(err));
		if (rc != PV_EXIT_OK) {
			fprintf(stderr, "pvprobe qemu: SKIP: %s\n", err);
			return rc;
		}
		kvm_backend(backend, sizeof(backend));
		fix_cpu(args, n, backend, cpubuf, sizeof(cpubuf), rep.notes, sizeof(rep.notes));
		supported = kvm_get_supported_cpuid(&kvm);
		kvm_sys_close(&kvm);
		/* What pvprobe boot keeps the guest off on this backend (boot.c). */
		host_args = boot_host_args(backend, NULL);
		if (host_args) {
			snprintf(rep.append, sizeof(rep.append), "%s %s%s%s", QEMU_LINUX_BASE_ARGS,
				 host_args, append ? " " : "", append ? append : "");
			snprintf(rep.notes + strlen(rep.notes), sizeof(rep.notes) - strlen(rep.notes),
				 "%sadded \"%s\" to the kernel command line, as pvprobe boot does on %s (its emulator fails on those instructions)",
				 rep.notes[0] ? "; " : "", host_args, backend);
		}
	}
	/* The image is input: read and check it before QEMU runs (boot_kernel.c). */
	if (pvh && boot_kernel_open(kernel, &k, err, sizeof(err))) {
		free(supported);
		return cli_run_error("qemu", PV_EXIT_USAGE, err);
	}
	if (pvh)
		snprintf(rep.notes + strlen(rep.notes), sizeof(rep.notes) - strlen(rep.notes),
			 "%s--pvh: QEMU boots the vmlinux pvprobe decompressed from %s (%s) through its PVH note",
			 rep.notes[0] ? "; " : "", kernel, k.format);
	rc = qemu_run_linux(qemu, timeout_s, args, n, kernel, pvh ? k.elf : NULL,
			    pvh ? k.elf_len : 0, pv_self_initramfs, cli_initramfs_size(),
			    rep.append, &rep.lr, err, sizeof(err));
	boot_kernel_free(&k);
	if (rc != PV_EXIT_OK) {
		fprintf(stderr, "pvprobe qemu: %s%s\n", rc == PV_EXIT_SKIP ? "SKIP: " : "", err);
		free(supported);
		return rc;
	}
	e = rep.lr.run.qemu_err;
	if (rep.lr.run.end == QEMU_END_EXIT && !rep.lr.run.claim.ok && !rep.lr.console_len) {
		free(supported);
		qemu_linux_run_free(&rep.lr);
		if (strstr(e, "failed to initialize kvm") || strstr(e, "/dev/kvm")) {
			fprintf(stderr, "pvprobe qemu: SKIP: QEMU cannot use KVM: %s", e);
			return PV_EXIT_SKIP;
		}
		fprintf(stderr, "pvprobe qemu: QEMU refused its arguments (exit %d): %s\n",
			rep.lr.run.exit_status, e[0] ? e : "(no message)");
		return PV_EXIT_USAGE;
	}
	qemu_linux_compare(&rep, supported);
	free(supported);
	rc = qemu_linux_render(&rep, fmt, stdout) ? PV_EXIT_FAIL : rep.rc;
	if (rep.rc != PV_EXIT_OK) {
		fprintf(stderr, "pvprobe qemu: %s\n", rep.why);
		if (e[0])
			fprintf(stderr, "pvprobe qemu: QEMU's stderr: %s%s", e,
				e[strlen(e) - 1] == '\n' ? "" : "\n");
	}
	qemu_linux_run_free(&rep.lr);
	return rc;
}

/*
 * -accel tcg: no KVM to judge, no /dev/kvm needed, no hypercall (TCG
 * makes VMCALL/VMMCALL #UD).  What is left to check is the guest itself:
 * that it runs and reports under QEMU, and its AP bring-up with -smp 2.
 */
static int run_tcg(const char *qemu, unsigned long timeout_s, char **args, int n,
		   struct qemu_report *rep, enum out_format fmt)
{
	struct host_facts facts = { 0 };
	char err[512];
	int rc;

	if (!qemu_binary_found(qemu)) {
		fprintf(stderr, "pvprobe qemu: SKIP: QEMU binary '%s' not found or not executable\n", qemu);
		return PV_EXIT_SKIP;
	}
	rep->tcg = 1;
	snprintf(facts.backend, sizeof(facts.backend), "tcg");
	qemu_hc_plan(&rep->hc, facts.backend, 0, qemu_linux_smp(args, n));
	rc = qemu_run(qemu, (unsigned int)timeout_s, args, n, pv_pvh_image, pv_pvh_image_size, 0,
		      &rep->run, err, sizeof(err));
	if (rc != PV_EXIT_OK) {
		fprintf(stderr, "pvprobe qemu: %s%s\n", rc == PV_EXIT_SKIP ? "SKIP: " : "", err);
		return rc;
	}
	if (rep->run.end == QEMU_END_EXIT && !rep->run.stream_len && !rep->run.claim.ok)
		return early_exit(rep);
	qemu_layers_compare(rep, NULL, &facts);
	if (qemu_render(rep, fmt, stdout)) {
		fprintf(stderr, "pvprobe qemu: write error on stdout\n");
		return PV_EXIT_FAIL;
	}
	if (rep->rc != PV_EXIT_OK)
		fprintf(stderr, "pvprobe qemu: %s\n", rep->why);
	return rep->rc;
}

int cmd_qemu(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "qemu", required_argument, NULL, 'q' },
		{ "timeout", required_argument, NULL, 't' },
		{ "json", no_argument, NULL, 'j' },
		{ "tap", no_argument, NULL, 'T' },
		{ "expect", required_argument, NULL, 'X' },
		{ "kernel", required_argument, NULL, 'k' },
		{ "append", required_argument, NULL, 'a' },
		{ "pvh", no_argument, NULL, 'P' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	static struct qemu_report rep;
	char *args[MAX_USER_ARGS + 2], cpubuf[512], err[512], backend[64];
	const char *qemu = QEMU_DEFAULT_BINARY, *accel, *kernel = NULL, *append = NULL;
	unsigned long timeout_s = 0;
	enum out_format fmt = OUT_TEXT;
	struct kvm_cpuid2 *supported;
	struct host_facts facts;
	struct kvm_sys kvm;
	int c, n, i, ekvm, rc, pvh = 0;

	memset(&rep, 0, sizeof(rep));
	while ((c = cli_getopt("qemu", argc, argv, "h", opts)) != -1) {
		switch (c) {
		case 'q':
			qemu = optarg;
			break;
		case 't':
			if (cli_parse_uint("qemu", "--timeout", optarg, 1, 3600, &timeout_s))
				return PV_EXIT_USAGE;
			break;
		case 'j':
		case 'T':
			if (fmt != OUT_TEXT)
				return cli_usage_error("qemu", "--json and --tap exclude each other");
			fmt = c == 'j' ? OUT_JSON : OUT_TAP;
			break;
		case 'X':
			if (parse_expect(&rep, optarg))
				return PV_EXIT_USAGE;
			break;
		case 'P':
			pvh = 1;
			break;
		case 'k':
			if (kernel)
				return cli_usage_error("qemu", "--kernel given twice");
			kernel = optarg;
			break;
		case 'a':
			if (append)
				return cli_usage_error("qemu", "--append given twice: put all the arguments in one");
			if (strlen(optarg) > 400)
				return cli_usage_error("qemu", "--append is %zu bytes; at most 400", strlen(optarg));
			append = optarg;
			break;
		case 'h':
			qemu_help(stdout);
			return PV_EXIT_OK;
		default:
			return PV_EXIT_USAGE;
		}
	}
	n = argc - optind;
	if (n > MAX_USER_ARGS)
		return cli_usage_error("qemu", "more than %d QEMU arguments", MAX_USER_ARGS);
	for (i = 0; i < n; i++)
		args[i] = argv[optind + i];
	if (!timeout_s)
		timeout_s = kernel ? QEMU_LINUX_TIMEOUT_S : QEMU_DEFAULT_TIMEOUT_S;
	if ((append || pvh) && !kernel)
		return cli_usage_error("qemu", "--%s is for --kernel", append ? "append" : "pvh");
	if (kernel && rep.nr_expect)
		return cli_usage_error("qemu", "--expect takes probes of pvprobe's own guest, not of --kernel");
	if (kernel && access(kernel, R_OK))
		return cli_usage_error("qemu", "--kernel %s: %s", kernel, strerror(errno));
	accel = given_accel(args, n, &ekvm);
	if (kernel && accel && !strncmp(accel, "tcg", 3))
		return run_kernel(qemu, timeout_s, args, n, kernel, append, pvh, 1, fmt);
	if (accel && !strncmp(accel, "tcg", 3))
		return run_tcg(qemu, timeout_s, args, n, &rep, fmt);
	if (accel && strncmp(accel, "kvm", 3)) {
		fprintf(stderr, "pvprobe qemu: SKIP: accelerator '%s': pvprobe qemu checks KVM under QEMU, give -accel kvm\n",
			accel);
		return PV_EXIT_SKIP;
	}
	if (!accel && !ekvm) {
		args[n++] = "-accel";
		args[n++] = "kvm";
	}
	if (!qemu_binary_found(qemu)) {
		fprintf(stderr, "pvprobe qemu: SKIP: QEMU binary '%s' not found or not executable\n", qemu);
		return PV_EXIT_SKIP;
	}
	if (kernel)
		return run_kernel(qemu, timeout_s, args, n, kernel, append, pvh, 0, fmt);
	rc = kvm_sys_open(&kvm, err, sizeof(err));
	if (rc != PV_EXIT_OK) {
		fprintf(stderr, "pvprobe qemu: SKIP: %s\n", err);
		return rc;
	}
	kvm_backend(backend, sizeof(backend));
	fix_cpu(args, n, backend, cpubuf, sizeof(cpubuf), rep.notes, sizeof(rep.notes));
	host_facts_read(&kvm, &facts);
	rep.host_hyperv = kvm_check_cap(&kvm, KVM_CAP_HYPERV) > 0;
	supported = kvm_get_supported_cpuid(&kvm);
	/* The hypercall lanes this backend can finish under QEMU (qemu_hcalls.c). */
	qemu_hc_plan(&rep.hc, facts.backend, facts.vmcall, qemu_linux_smp(args, n));

	rc = qemu_run(qemu, timeout_s, args, n, pv_pvh_image, pv_pvh_image_size, rep.hc.config,
		      &rep.run, err, sizeof(err));
	if (rc != PV_EXIT_OK) {
		fprintf(stderr, "pvprobe qemu: %s%s\n", rc == PV_EXIT_SKIP ? "SKIP: " : "", err);
		free(supported);
		kvm_sys_close(&kvm);
		return rc;
	}
	if (rep.run.end == QEMU_END_EXIT && !rep.run.stream_len && !rep.run.claim.ok) {
		free(supported);
		kvm_sys_close(&kvm);
		return early_exit(&rep);
	}
	qemu_layers_compare(&rep, supported, &facts);
	free(supported);
	kvm_sys_close(&kvm);
	if (qemu_render(&rep, fmt, stdout)) {
		fprintf(stderr, "pvprobe qemu: write error on stdout\n");
		return PV_EXIT_FAIL;
	}
	if (rep.rc != PV_EXIT_OK)
		fprintf(stderr, "pvprobe qemu: %s\n", rep.why);
	return rep.rc;
}
